import type { App, SlackViewAction, ViewSubmitAction } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.ts";
import type { ServiceContext } from "../../services/context.ts";
import {
  confirmEnrollmentForm,
  type DoneStep,
  reviewEnrollmentForm,
} from "../forms/enrollment-flow.ts";
import { enrollmentForm } from "../forms/enrollment-form.ts";
import type { FormRequest, FormValues } from "../forms/form.ts";
import { type Reply, textReply } from "../reply.ts";
import { maxPrivateMetadata, readFormState, renderFormModal } from "./form-view.ts";
import { renderSlackMessage } from "./render.ts";
import { isTrustedSlackUrl } from "./slack-urls.ts";

const formCallbackId = "ccm_enrollment_form";
const confirmCallbackId = "ccm_enrollment_confirm";
const doneCallbackId = "ccm_enrollment_done";

/** The state a modal carries between steps in `private_metadata`. */
interface ModalMetadata {
  /** The waiting log to record once enrolled. */
  pendingLogId?: number;
  /** The response URL of the message with the Enroll button, to replace it with the log. */
  responseUrl?: string;
  /** The reviewed values, on the confirmation step. */
  values?: FormValues;
}

export interface EnrollmentModalOptions {
  trustedOrigins: ReadonlySet<string>;
}

/** Opens the enrollment form as a modal; `triggerId` comes from the command or button press. */
export async function openEnrollmentModal(
  client: WebClient,
  triggerId: string,
  form: FormRequest,
  responseUrl: string | undefined,
): Promise<void> {
  const metadata: ModalMetadata = { pendingLogId: form.pendingLogId, responseUrl };
  await client.views.open({
    trigger_id: triggerId,
    view: renderFormModal(enrollmentForm, form.values, formCallbackId, JSON.stringify(metadata)),
  });
}

/**
 * Registers the enrollment modal's steps. Submitting shows errors on their fields or pushes a
 * confirmation, and confirming writes the enrollment and shows the result. Slack waits three
 * seconds for each response, and these few database calls normally take milliseconds.
 */
export function registerEnrollmentModal(
  app: App,
  context: ServiceContext,
  options: EnrollmentModalOptions,
): void {
  app.view<ViewSubmitAction>(formCallbackId, async ({ ack, body, view }) => {
    const values = readFormState(enrollmentForm, view.state.values);
    const metadata = readMetadata(view.private_metadata);
    try {
      const step = await reviewEnrollmentForm(context, userOf(body), values);
      if (step.step === "errors") {
        await ack({ response_action: "errors", errors: onFormFields(step.errors) });
        return;
      }
      const carried = JSON.stringify({ ...metadata, values: step.values });
      if (carried.length > maxPrivateMetadata) {
        await ack({
          response_action: "errors",
          errors: { conditions: "The form is too long to confirm. Shorten the conditions." },
        });
        return;
      }
      await ack({ response_action: "push", view: confirmView(step.confirmation, carried) });
    } catch (error) {
      context.logger.error({ err: error, user: body.user.id }, "enrollment form check failed");
      await ack({
        response_action: "errors",
        errors: {
          name: "The bot could not check this form just now. Submit it again in a minute.",
        },
      });
    }
  });

  app.view<ViewSubmitAction>(confirmCallbackId, async ({ ack, body, view }) => {
    const metadata = readMetadata(view.private_metadata);
    let done: DoneStep;
    try {
      done = await confirmEnrollmentForm(
        context,
        userOf(body),
        metadata.values ?? {},
        metadata.pendingLogId,
      );
    } catch (error) {
      context.logger.error({ err: error, user: body.user.id }, "enrollment not saved");
      done = {
        reply: textReply("private", [
          "The bot could not save the enrollment just now. Check with /ccm whois whether it was saved before trying again.",
        ]),
      };
    }
    await ack({ response_action: "update", view: doneView(done.reply) });
    if (done.logReply && metadata.responseUrl) {
      await replaceOriginal(metadata.responseUrl, done.logReply, options, context.logger);
    }
  });
}

/** Error keys must name input blocks of the form; anything else goes on the first field. */
function onFormFields(errors: Record<string, string>): Record<string, string> {
  const known = new Set(enrollmentForm.fields.map((field) => field.id));
  const placed: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const key = known.has(field) ? field : "name";
    placed[key] = placed[key] ? `${placed[key]} ${message}` : message;
  }
  return placed;
}

function userOf(body: SlackViewAction) {
  return { platform: "slack" as const, userId: body.user.id, displayName: body.user.name };
}

function readMetadata(text: string): ModalMetadata {
  try {
    const parsed = JSON.parse(text) as ModalMetadata;
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

function confirmView(confirmation: Reply, metadata: string): ModalView {
  return {
    type: "modal",
    callback_id: confirmCallbackId,
    title: { type: "plain_text", text: "Confirm enrollment" },
    submit: { type: "plain_text", text: "Enroll" },
    close: { type: "plain_text", text: "Back" },
    private_metadata: metadata,
    blocks: renderSlackMessage(confirmation).blocks,
  };
}

/** Builds the result view that replaces the confirmation. Closing it closes the whole modal. */
function doneView(reply: Reply): ModalView {
  return {
    type: "modal",
    callback_id: doneCallbackId,
    title: { type: "plain_text", text: "Enrollment" },
    close: { type: "plain_text", text: "Done" },
    clear_on_close: true,
    blocks: renderSlackMessage(reply).blocks,
  };
}

/** Replaces the message that carried the Enroll button with the recorded log. */
async function replaceOriginal(
  responseUrl: string,
  reply: Reply,
  options: EnrollmentModalOptions,
  logger: Logger,
): Promise<void> {
  if (!isTrustedSlackUrl(responseUrl, options.trustedOrigins)) {
    logger.warn("response URL is not a Slack URL; the recorded log was not shown in the thread");
    return;
  }
  try {
    const response = await fetch(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ replace_original: true, ...renderSlackMessage(reply) }),
      redirect: "error",
    });
    if (!response.ok)
      logger.warn({ status: response.status }, "recorded log not shown: response URL failed");
  } catch (error) {
    logger.warn({ err: error }, "recorded log not shown: response URL failed");
  }
}

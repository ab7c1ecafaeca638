import type { Activity, TurnContext } from "botbuilder";
import { z } from "zod";
import type { MessageSource } from "../../services/log-encounter.ts";
import { claimMessage, releaseMessage } from "../../services/processed-events.ts";
import {
  confirmEnrollmentForm,
  type DoneStep,
  reviewEnrollmentForm,
} from "../forms/enrollment-flow.ts";
import { enrollmentForm, type FieldErrors } from "../forms/enrollment-form.ts";
import type { FormRequest, FormValues } from "../forms/form.ts";
import { plainSummary, type Reply, textReply } from "../reply.ts";
import { teamsUser } from "./activity-fields.ts";
import { overLengthErrors, readFormCard, renderFormCard } from "./form-card.ts";
import { adaptiveCard, renderCardBody, renderTeamsActivity } from "./render.ts";
import type { TeamsRuntime } from "./teams-runtime.ts";

/** The Action.Submit actions of the form cards; none is a shared button of `actionNames`. */
export const formActions = {
  review: "ccm_form_review",
  confirm: "ccm_form_confirm",
  edit: "ccm_form_edit",
} as const;

/**
 * The state every form card button carries between steps, in place of a Slack modal's metadata.
 * A user could send other data, so the steps trust none of it. The values are checked again on
 * confirm, and the waiting log only records for its own provider or an admin.
 */
const formStateSchema = z.object({
  action: z.enum([formActions.review, formActions.confirm, formActions.edit]),
  form: z.literal("enrollment"),
  pendingLogId: z.number().int().optional(),
  /** The card whose Enroll button opened the form, to replace with the recorded log. */
  originActivityId: z.string().max(200).optional(),
  /** The reviewed values, on the confirmation card. */
  values: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});
type FormState = z.infer<typeof formStateSchema>;

/** Renders a form request as a card with inputs, prefilled with the request's values. */
export function renderFormActivity(
  form: FormRequest,
  originActivityId?: string,
): Partial<Activity> {
  const state = stateOf(form.pendingLogId, originActivityId);
  return formCardActivity(state, form.values, {});
}

function stateOf(pendingLogId: number | undefined, originActivityId: string | undefined) {
  return {
    form: "enrollment" as const,
    ...(pendingLogId !== undefined ? { pendingLogId } : {}),
    ...(originActivityId !== undefined ? { originActivityId } : {}),
  };
}

function formCardActivity(
  state: ReturnType<typeof stateOf>,
  values: FormValues,
  errors: FieldErrors,
): Partial<Activity> {
  const submitData = { ...state, action: formActions.review };
  return {
    type: "message",
    attachments: [renderFormCard(enrollmentForm, values, errors, submitData)],
  };
}

/**
 * Runs a step of the enrollment card. Review checks the inputs and replaces the card with the
 * form again, errors under their fields and the values kept, or with a confirmation that has
 * Confirm and Edit. Edit brings the form back. Confirm writes the enrollment, replaces the card
 * with the result and the refused log's card with the recorded log. Each step runs once per
 * activity, so a redelivered Confirm does not enroll twice.
 */
export async function handleTeamsFormAction(
  runtime: TeamsRuntime,
  turn: TurnContext,
): Promise<void> {
  const parsed = formStateSchema.safeParse(turn.activity.value);
  if (!parsed.success) return;
  const { context } = runtime;
  const activity = turn.activity;
  const source: MessageSource = {
    platform: "teams",
    channel: activity.conversation.id,
    messageId: activity.id ?? "",
  };
  if (!(await claimMessage(context, source))) return;

  let step: FormStep;
  try {
    step = await runFormStep(runtime, turn, parsed.data);
  } catch (error) {
    await releaseMessage(context, source).catch(() => {});
    context.logger.error(
      { err: error, action: parsed.data.action, conversationId: activity.conversation.id },
      "Teams enrollment form step failed",
    );
    step = failedStep(parsed.data, activity.value as Record<string, unknown>);
  }
  await showStep(turn, runtime, step);
}

/** The card that replaces the one pressed, and the recorded log for the refused log's card. */
interface FormStep {
  card: Partial<Activity>;
  logReply?: Reply;
  originActivityId?: string;
}

async function runFormStep(
  runtime: TeamsRuntime,
  turn: TurnContext,
  state: FormState,
): Promise<FormStep> {
  const user = teamsUser(turn.activity);
  const carried = stateOf(state.pendingLogId, state.originActivityId);
  switch (state.action) {
    case formActions.edit:
      return { card: formCardActivity(carried, state.values ?? {}, {}) };
    case formActions.review: {
      const values = readFormCard(enrollmentForm, turn.activity.value as Record<string, unknown>);
      const tooLong = overLengthErrors(enrollmentForm, values);
      if (Object.keys(tooLong).length > 0)
        return { card: formCardActivity(carried, values, tooLong) };
      const review = await reviewEnrollmentForm(runtime.context, user, values);
      if (review.step === "errors")
        return { card: formCardActivity(carried, values, review.errors) };
      return {
        card: confirmationActivity(review.confirmation, { ...carried, values: review.values }),
      };
    }
    case formActions.confirm: {
      const values = state.values ?? {};
      const tooLong = overLengthErrors(enrollmentForm, values);
      if (Object.keys(tooLong).length > 0)
        return { card: formCardActivity(carried, values, tooLong) };
      const done = await confirmEnrollmentForm(runtime.context, user, values, state.pendingLogId);
      return doneStep(done, state.originActivityId);
    }
  }
}

/** Builds the confirmation card, whose Confirm and Edit buttons carry the reviewed values. */
function confirmationActivity(
  confirmation: Reply,
  state: ReturnType<typeof stateOf> & { values: FormValues },
): Partial<Activity> {
  const body = [
    ...renderCardBody(confirmation),
    {
      type: "ActionSet",
      actions: [
        {
          type: "Action.Submit",
          title: "Confirm",
          style: "positive",
          data: { ...state, action: formActions.confirm },
        },
        { type: "Action.Submit", title: "Edit", data: { ...state, action: formActions.edit } },
      ],
    },
  ];
  return { type: "message", attachments: [adaptiveCard(body, plainSummary(confirmation))] };
}

function doneStep(done: DoneStep, originActivityId: string | undefined): FormStep {
  return {
    card: renderTeamsActivity(done.reply),
    logReply: done.logReply,
    originActivityId,
  };
}

/** After a failure: the form again with a message on review, or the unsaved result on confirm. */
function failedStep(state: FormState, submitted: Record<string, unknown>): FormStep {
  const carried = stateOf(state.pendingLogId, state.originActivityId);
  if (state.action === formActions.confirm) {
    return {
      card: renderTeamsActivity(
        textReply("private", [
          "The bot could not save the enrollment just now. Check with /ccm whois whether it was saved before trying again.",
        ]),
      ),
    };
  }
  const values =
    state.action === formActions.review
      ? readFormCard(enrollmentForm, submitted)
      : (state.values ?? {});
  return {
    card: formCardActivity(carried, values, {
      form: "The bot could not check this form just now. Submit it again in a minute.",
    }),
  };
}

/**
 * Replaces the pressed card with the step's card. The recorded log replaces the card of the
 * refused log, as the Slack modal replaces that message. A card that cannot be replaced, or a
 * recorded log without a refused log's card, is sent as a new message.
 */
async function showStep(turn: TurnContext, runtime: TeamsRuntime, step: FormStep): Promise<void> {
  await replaceOrSend(turn, runtime, step.card, turn.activity.replyToId);
  if (step.logReply) {
    await replaceOrSend(turn, runtime, renderTeamsActivity(step.logReply), step.originActivityId);
  }
}

async function replaceOrSend(
  turn: TurnContext,
  runtime: TeamsRuntime,
  message: Partial<Activity>,
  activityId: string | undefined,
): Promise<void> {
  const conversationId = turn.activity.conversation.id;
  if (activityId) {
    try {
      await turn.updateActivity({ ...message, id: activityId });
      return;
    } catch (error) {
      runtime.context.logger.warn(
        { err: error, conversationId, activityId },
        "Teams card not replaced; sending the step as a new message",
      );
    }
  }
  try {
    await turn.sendActivity(message);
  } catch (error) {
    runtime.context.logger.error(
      { err: error, conversationId, activityId: turn.activity.id },
      "Teams enrollment form step not delivered",
    );
  }
}

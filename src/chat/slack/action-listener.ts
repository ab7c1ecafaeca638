import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { runAction } from "../actions.ts";
import { type ActionName, actionNames, type Reply } from "../reply.ts";
import { openEnrollmentModal } from "./enrollment-modal.ts";
import { refreshSlackHome } from "./home-listener.ts";
import { renderSlackMessage } from "./render.ts";
import { notRecordedReply } from "./thread-replies.ts";

const knownActions = new Set<string>(Object.values(actionNames));

/** Buttons on the bot's replies: Undo, a patient choice, Log it after enrolling. */
export function registerActionListener(app: App, context: ServiceContext): void {
  app.action<BlockAction<ButtonAction>>(/^ccm_/, async ({ ack, body, action, respond, client }) => {
    await ack();
    const name = action.action_id.split(":")[0] ?? "";
    if (!knownActions.has(name)) return;
    let reply: Reply;
    try {
      reply = await runAction(context, {
        user: { platform: "slack", userId: body.user.id },
        action: name as ActionName,
        value: action.value ?? "",
        instant: context.now(),
      });
    } catch (error) {
      context.logger.error({ err: error, action: name }, "button action failed");
      reply = notRecordedReply();
    }
    if (reply.form && (await openFormFromButton(context, client, body, reply))) return;
    // A public reply replaces the message that carried the button, so the button cannot be
    // pressed twice. A private one (such as "only the author can undo") must not, or everyone
    // in the channel would see it in place of the log.
    const originalIsPrivate =
      (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true;
    const replace = reply.audience === "thread" || originalIsPrivate;
    const message = renderSlackMessage(reply);
    const response = replace
      ? { replace_original: true, ...message }
      : { replace_original: false, response_type: "ephemeral" as const, ...message };
    await respond(response).catch((error: unknown) =>
      context.logger.error({ err: error, action: name }, "action reply not delivered"),
    );
    // Buttons log or undo time, so the presser's App Home may have changed. A press that changed
    // nothing costs one extra publish.
    await refreshSlackHome(context, client, body.user.id);
  });
}

/** Opens the reply's form, keeping the button message's response URL to update it later. */
async function openFormFromButton(
  context: ServiceContext,
  client: WebClient,
  body: BlockAction<ButtonAction>,
  reply: Reply,
): Promise<boolean> {
  if (!reply.form) return false;
  try {
    await openEnrollmentModal(client, body.trigger_id, reply.form, body.response_url);
    return true;
  } catch (error) {
    context.logger.warn({ err: error }, "enrollment modal not opened; answering with text");
    return false;
  }
}

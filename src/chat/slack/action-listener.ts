import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { ServiceContext } from "../../services/context.ts";
import { runAction } from "../actions.ts";
import { type ActionName, actionNames, type Reply } from "../reply.ts";
import { refreshSlackHome } from "./home-listener.ts";
import { notRecordedReply } from "./message-listener.ts";
import { renderSlackMessage } from "./render.ts";

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

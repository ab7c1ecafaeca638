import type { App, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { runCommand } from "../commands/router.ts";
import type { Reply } from "../reply.ts";
import { openEnrollmentModal } from "./enrollment-modal.ts";
import { deliverFiles } from "./file-delivery.ts";
import { renderSlackMessage } from "./render.ts";
import { decodeSlackEntities } from "./slack-urls.ts";
import { notRecordedReply } from "./thread-replies.ts";

/**
 * `/ccm`: acknowledged at once, because Slack drops a command not acknowledged within three
 * seconds. The reply follows through the response URL.
 */
export function registerCommandListener(app: App, context: ServiceContext): void {
  app.command("/ccm", async ({ command, ack, respond, client }) => {
    await ack();
    let reply: Reply;
    try {
      reply = await runCommand(context, {
        user: { platform: "slack", userId: command.user_id, displayName: command.user_name },
        text: decodeSlackEntities(command.text ?? ""),
        instant: context.now(),
      });
    } catch (error) {
      context.logger.error({ err: error, channel: command.channel_id }, "command failed");
      reply = notRecordedReply();
    }
    if (reply.form && (await openForm(context, client, command.trigger_id, reply))) return;
    const target = { channel: command.channel_id, user: command.user_id };
    const delivered = await deliverFiles(context, client, target, reply);
    await respondPrivately(context, respond, client, target, delivered);
  });
}

/**
 * Opens the reply's form as a modal. Returns false when Slack refused (an expired trigger), so
 * the caller shows the reply's text instead.
 */
async function openForm(
  context: ServiceContext,
  client: WebClient,
  triggerId: string,
  reply: Reply,
): Promise<boolean> {
  if (!reply.form) return false;
  try {
    await openEnrollmentModal(client, triggerId, reply.form, undefined);
    return true;
  } catch (error) {
    context.logger.warn({ err: error }, "enrollment modal not opened; answering with text");
    return false;
  }
}

/** Replies through the response URL, or with chat.postEphemeral once that URL has expired. */
export async function respondPrivately(
  context: ServiceContext,
  respond: RespondFn,
  client: WebClient,
  target: { channel: string; user: string },
  reply: Reply,
): Promise<void> {
  const body = renderSlackMessage(reply);
  try {
    await respond({ response_type: "ephemeral", ...body });
  } catch (error) {
    context.logger.warn(
      { err: error, channel: target.channel },
      "response URL failed; posting an ephemeral message instead",
    );
    await client.chat
      .postEphemeral({ channel: target.channel, user: target.user, ...body })
      .catch((fallbackError: unknown) =>
        context.logger.error(
          { err: fallbackError, channel: target.channel },
          "reply not delivered",
        ),
      );
  }
}

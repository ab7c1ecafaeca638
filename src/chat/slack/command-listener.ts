import type { App, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { runCommand } from "../commands/router.ts";
import type { Reply } from "../reply.ts";
import { renderSlackMessage } from "./render.ts";
import { notRecordedReply } from "./thread-replies.ts";

/**
 * `/ccm`: acknowledged at once, because Slack drops a command not acknowledged within three
 * seconds; the answer follows through the response URL.
 */
export function registerCommandListener(app: App, context: ServiceContext): void {
  app.command("/ccm", async ({ command, ack, respond, client }) => {
    await ack();
    let reply: Reply;
    try {
      reply = await runCommand(context, {
        user: { platform: "slack", userId: command.user_id, displayName: command.user_name },
        text: command.text ?? "",
        instant: context.now(),
      });
    } catch (error) {
      context.logger.error({ err: error, channel: command.channel_id }, "command failed");
      reply = notRecordedReply();
    }
    await respondPrivately(
      context,
      respond,
      client,
      { channel: command.channel_id, user: command.user_id },
      reply,
    );
  });
}

/** Answers through the response URL, or with chat.postEphemeral once that URL has expired. */
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

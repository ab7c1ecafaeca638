import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { type Reply, textReply } from "../reply.ts";

/**
 * Uploads a reply's files to a direct message with the person who asked (never the channel the
 * command came from, because exports carry MRNs), through `files.uploadV2`: Slack's
 * getUploadURLExternal, the upload itself and completeUploadExternal. Returns the reply to show,
 * which states the failure when the upload failed.
 */
export async function deliverFiles(
  context: ServiceContext,
  client: WebClient,
  target: { channel: string; user: string },
  reply: Reply,
): Promise<Reply> {
  if (!reply.files || reply.files.length === 0) return reply;
  try {
    const opened = await client.conversations.open({ users: target.user });
    const channelId = opened.channel?.id;
    if (!channelId) throw new Error("conversations.open returned no channel");
    for (const file of reply.files) {
      await client.files.uploadV2({
        channel_id: channelId,
        filename: file.filename,
        title: file.title,
        content: file.content,
      });
    }
    return { ...reply, files: undefined };
  } catch (error) {
    context.logger.error({ err: error, channel: target.channel }, "file not delivered");
    return textReply("private", [
      "The file could not be sent to your direct messages just now. Please run the command again in a minute.",
    ]);
  }
}

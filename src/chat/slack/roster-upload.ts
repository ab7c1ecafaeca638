import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import { claimMessage, releaseMessage } from "../../services/processed-events.ts";
import { findProvider } from "../../services/providers.ts";
import { maxRosterBytes, tooLargeError } from "../../services/roster-csv.ts";
import { readBodyUpTo } from "../bounded-body.ts";
import { importRosterFile } from "../commands/import-command.ts";
import { replyToImport } from "../replies/import-replies.ts";
import { type Reply, textReply } from "../reply.ts";
import type { SlackMessageEvent } from "./event-shapes.ts";
import { isUserPost } from "./message-listener.ts";
import { isTrustedSlackUrl } from "./slack-urls.ts";
import { notRecordedReply, sendReply } from "./thread-replies.ts";

/** The fields of a Slack file object the import reads. */
interface SlackFile {
  id: string;
  name?: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

type FileMessage = Omit<SlackMessageEvent, "files"> & { files?: SlackFile[] };

export interface RosterUploadOptions {
  botUserId: string;
  trustedOrigins: ReadonlySet<string>;
}

/** How long a file download may take before the import gives up. */
const downloadTimeoutMs = 30_000;

/**
 * Imports a CSV roster uploaded in a direct message with the bot, or in a channel with the word
 * "import" in the message. Each file is imported once, however often Slack delivers the event.
 */
export function registerRosterUploadListener(
  app: App,
  context: ServiceContext,
  options: RosterUploadOptions,
): void {
  app.event("message", async ({ event, client }) => {
    const message = event as unknown as FileMessage;
    const file = message.files?.find(isCsvFile);
    if (!isUserPost(message, options.botUserId)) return;
    if (!file || !isImportRequest(message)) return;

    const target = {
      channel: message.channel,
      threadTs: message.thread_ts ?? message.ts,
      user: message.user,
      isDirectMessage: message.channel_type === "im",
    };
    const source = { platform: "slack" as const, channel: "file-import", messageId: file.id };
    if (!(await claimMessage(context, source))) return;
    let reply: Reply;
    try {
      reply = await importUpload(context, client, message.user, file, options);
    } catch (error) {
      context.logger.error(
        { err: error, channel: message.channel, file: file.id },
        "roster import failed",
      );
      await releaseMessage(context, source).catch(() => {});
      reply = notRecordedReply();
    }
    await sendReply(client, target, reply, context.logger);
  });
}

function isCsvFile(file: SlackFile): boolean {
  return (
    file.filetype === "csv" ||
    file.mimetype === "text/csv" ||
    (file.name?.toLowerCase().endsWith(".csv") ?? false)
  );
}

function isImportRequest(message: FileMessage): boolean {
  return message.channel_type === "im" || /\bimport\b/i.test(message.text ?? "");
}

async function importUpload(
  context: ServiceContext,
  client: WebClient,
  userId: string,
  file: SlackFile,
  options: RosterUploadOptions,
): Promise<Reply> {
  const provider = await findProvider(context, { platform: "slack", userId });
  if (!provider) {
    return textReply("private", [
      "Only registered providers can import a roster. Ask a practice admin to add you. Nothing was imported.",
    ]);
  }
  const described = await describeFile(client, file);
  if ((described.size ?? 0) > maxRosterBytes) {
    return replyToImport({ status: "file_error", error: tooLargeError(described.size ?? 0) });
  }
  const url = described.url_private_download ?? described.url_private;
  if (!url || !isTrustedSlackUrl(url, options.trustedOrigins)) {
    context.logger.warn({ file: file.id }, "roster file has no Slack download URL; not imported");
    return textReply("private", [
      "The bot could not download this file from Slack. Upload it again, or paste the CSV after /ccm import. Nothing was imported.",
    ]);
  }
  const content = await downloadFile(url, client.token ?? "");
  if (content === "too_large") {
    return replyToImport({ status: "file_error", error: tooLargeError(maxRosterBytes + 1) });
  }
  return importRosterFile(context, provider, content);
}

/** Message events may leave out the file's URLs; files.info has them. */
async function describeFile(client: WebClient, file: SlackFile): Promise<SlackFile> {
  if (file.url_private || file.url_private_download) return file;
  const info = await client.files.info({ file: file.id });
  return { ...file, ...(info.file as SlackFile | undefined) };
}

/**
 * Downloads a private Slack file with the bot token, stopping as soon as it passes the roster
 * size limit, so a huge file is never held in memory.
 */
async function downloadFile(url: string, token: string): Promise<Uint8Array | "too_large"> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    // A redirect could carry the token to another host.
    redirect: "error",
    signal: AbortSignal.timeout(downloadTimeoutMs),
  });
  if (!response.ok || !response.body) {
    throw new Error(`Slack file download failed with HTTP ${response.status}`);
  }
  return readBodyUpTo(response, maxRosterBytes);
}

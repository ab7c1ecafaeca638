import type { Activity, TurnContext } from "botbuilder";
import type { MessageSource } from "../../services/log-encounter.ts";
import { claimMessage, releaseMessage } from "../../services/processed-events.ts";
import { findProvider } from "../../services/providers.ts";
import { maxRosterBytes, tooLargeError } from "../../services/roster-csv.ts";
import { readBodyUpTo } from "../bounded-body.ts";
import { importRosterFile } from "../commands/import-command.ts";
import { replyToImport } from "../replies/import-replies.ts";
import { notRecordedReply } from "../replies/message-replies.ts";
import { type Reply, textReply } from "../reply.ts";
import { teamsUser } from "./activity-fields.ts";
import { isTrustedFileUrl } from "./file-urls.ts";
import { deliverReply } from "./reply-delivery.ts";
import type { TeamsRuntime } from "./teams-runtime.ts";

/** The attachment Teams adds for a file a user sends in a 1:1 chat with the bot. */
const downloadInfoType = "application/vnd.microsoft.teams.file.download.info";

/** How long a file download may take before the import gives up. */
const downloadTimeoutMs = 30_000;

interface TeamsFile {
  name: string;
  downloadUrl?: string;
  fileType?: string;
}

/**
 * Returns the file a user sent in a 1:1 chat, if any. Teams hands bots files only there (with
 * `supportsFiles` in the manifest); a file in a channel reaches the bot as a link in the text.
 */
export function uploadedFile(activity: Activity): TeamsFile | undefined {
  if (activity.conversation.conversationType !== "personal") return undefined;
  const attachment = activity.attachments?.find((item) => item.contentType === downloadInfoType);
  if (!attachment) return undefined;
  const content = attachment.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
  return {
    name: attachment.name ?? "",
    downloadUrl: typeof content?.downloadUrl === "string" ? content.downloadUrl : undefined,
    fileType: typeof content?.fileType === "string" ? content.fileType : undefined,
  };
}

/**
 * Imports a CSV roster a provider sent in a 1:1 chat, as `/ccm import` does with pasted lines.
 * Each activity is imported once, however often Teams delivers it.
 */
export async function handleRosterUpload(
  runtime: TeamsRuntime,
  turn: TurnContext,
  file: TeamsFile,
): Promise<void> {
  const { context } = runtime;
  const activity = turn.activity;
  const source: MessageSource = {
    platform: "teams",
    channel: activity.conversation.id,
    messageId: activity.id ?? "",
  };
  if (!(await claimMessage(context, source))) return;
  let reply: Reply;
  try {
    reply = await importUpload(runtime, activity, file);
  } catch (error) {
    context.logger.error(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      "roster import failed",
    );
    await releaseMessage(context, source).catch(() => {});
    reply = notRecordedReply();
  }
  await deliverReply(turn, reply, runtime);
}

async function importUpload(
  runtime: TeamsRuntime,
  activity: Activity,
  file: TeamsFile,
): Promise<Reply> {
  const { context } = runtime;
  const isCsv = file.fileType?.toLowerCase() === "csv" || file.name.toLowerCase().endsWith(".csv");
  if (!isCsv) {
    return textReply("private", [
      "I can only import a roster from a .csv file. Nothing was imported; send the roster as CSV, or paste its lines after ",
      { code: "/ccm import" },
      ".",
    ]);
  }
  const provider = await findProvider(context, teamsUser(activity));
  if (!provider) {
    return textReply("private", [
      "Only registered providers can import a roster. Ask a practice admin to add you. Nothing was imported.",
    ]);
  }
  if (!file.downloadUrl || !isTrustedFileUrl(file.downloadUrl, activity.serviceUrl)) {
    context.logger.warn(
      { conversationId: activity.conversation.id, activityId: activity.id },
      "roster file has no download URL in OneDrive; not imported",
    );
    return textReply("private", [
      "The bot could not download this file from Teams. Send it again, or paste the CSV after /ccm import. Nothing was imported.",
    ]);
  }
  const content = await downloadFile(file.downloadUrl);
  if (content === "too_large") {
    return replyToImport({ status: "file_error", error: tooLargeError(maxRosterBytes + 1) });
  }
  return importRosterFile(context, provider, content);
}

/**
 * Downloads a file through the short-lived download URL Teams gives, and stops as soon as it
 * passes the roster size limit, so a huge file is never held in memory. The URL carries its own
 * authorization and the request sends no token, so redirects are followed.
 */
async function downloadFile(url: string): Promise<Uint8Array | "too_large"> {
  const response = await fetch(url, { signal: AbortSignal.timeout(downloadTimeoutMs) });
  if (!response.ok || !response.body) {
    throw new Error(`Teams file download failed with HTTP ${response.status}`);
  }
  return readBodyUpTo(response, maxRosterBytes);
}

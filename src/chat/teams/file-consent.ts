import type { Activity, FileConsentCardResponse, FileUploadInfo, TurnContext } from "botbuilder";
import { type Reply, textReply } from "../reply.ts";
import { teamsUser } from "./activity-fields.ts";
import type { FileConsentContext } from "./file-offers.ts";
import { isTrustedFileUrl } from "./file-urls.ts";
import { renderTeamsActivity } from "./render.ts";
import type { TeamsRuntime } from "./teams-runtime.ts";

/** How long one upload to OneDrive may take. */
const uploadTimeoutMs = 30_000;

/**
 * Handles the user's Allow on a file consent card: uploads the offered file to the upload URL
 * Teams created in the user's OneDrive, then posts the file's card in the chat. Every failure is
 * shown to the user in place of the consent card, and logged with ids, never with file content.
 */
export async function acceptFileConsent(
  runtime: TeamsRuntime,
  turn: TurnContext,
  response: FileConsentCardResponse,
): Promise<void> {
  const { logger } = runtime.context;
  const activity = turn.activity;
  const file = takeOffer(runtime, activity, response);
  if (!file) {
    logger.warn(
      { conversationId: activity.conversation.id, activityId: activity.id },
      "file consent for an unknown, expired or other user's offer; nothing uploaded",
    );
    await replaceConsentCard(turn, expiredReply(), runtime);
    return;
  }

  const upload = response.uploadInfo;
  if (!upload?.uploadUrl || !isTrustedFileUrl(upload.uploadUrl, activity.serviceUrl)) {
    logger.warn(
      { conversationId: activity.conversation.id, activityId: activity.id },
      "file consent carried no upload URL in OneDrive; file not uploaded",
    );
    await replaceConsentCard(turn, notSavedReply(file.filename), runtime);
    return;
  }
  try {
    await uploadFile(upload.uploadUrl, file.content);
  } catch (error) {
    logger.error(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      "file upload to OneDrive failed",
    );
    await replaceConsentCard(turn, notSavedReply(file.filename), runtime);
    return;
  }
  await replaceConsentCard(
    turn,
    textReply("private", [`Saved ${file.filename} to your OneDrive.`]),
    runtime,
  );
  await turn.sendActivity(fileInfoActivity(upload)).catch((error: unknown) => {
    logger.error(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      "uploaded file's card not posted; the file is in the user's OneDrive",
    );
  });
}

/** Handles Decline: drops the offered file and replaces the consent card with "Not saved". */
export async function declineFileConsent(
  runtime: TeamsRuntime,
  turn: TurnContext,
  response: FileConsentCardResponse,
): Promise<void> {
  const file = takeOffer(runtime, turn.activity, response);
  const reply = file
    ? textReply("private", [`Not saved: you declined ${file.filename}.`])
    : expiredReply();
  await replaceConsentCard(turn, reply, runtime);
}

function takeOffer(runtime: TeamsRuntime, activity: Activity, response: FileConsentCardResponse) {
  const context = response.context as Partial<FileConsentContext> | undefined;
  if (typeof context?.offerId !== "string") return undefined;
  return runtime.fileOffers.take(context.offerId, teamsUser(activity).userId);
}

/** Puts the whole file into the upload session in one request, as one byte range. */
async function uploadFile(uploadUrl: string, content: string): Promise<void> {
  const bytes = Buffer.from(content, "utf8");
  const response = await fetch(uploadUrl, {
    method: "PUT",
    headers: { "content-range": `bytes 0-${Math.max(0, bytes.length - 1)}/${bytes.length}` },
    body: bytes,
    redirect: "error",
    signal: AbortSignal.timeout(uploadTimeoutMs),
  });
  if (!response.ok) throw new Error(`upload session responded with HTTP ${response.status}`);
}

/** Builds the card Teams shows for an uploaded file, which opens it from OneDrive. */
function fileInfoActivity(upload: FileUploadInfo): Partial<Activity> {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.teams.card.file.info",
        contentUrl: upload.contentUrl,
        name: upload.name,
        content: { uniqueId: upload.uniqueId, fileType: upload.fileType },
      },
    ],
  };
}

function expiredReply(): Reply {
  return textReply("private", [
    "This file is no longer available, because the offer expired or the bot restarted. Run the command again.",
  ]);
}

function notSavedReply(filename: string): Reply {
  return textReply("private", [
    `${filename} could not be saved to your OneDrive just now. Run the command again in a minute.`,
  ]);
}

/**
 * Replaces the consent card, so it cannot be used twice, and sends a new message when that fails.
 * Failures are logged, never thrown, so Teams still gets its invoke response.
 */
async function replaceConsentCard(
  turn: TurnContext,
  reply: Reply,
  runtime: TeamsRuntime,
): Promise<void> {
  const { logger } = runtime.context;
  const activity = renderTeamsActivity(reply);
  const conversationId = turn.activity.conversation.id;
  const consentCardId = turn.activity.replyToId;
  if (consentCardId) {
    try {
      await turn.updateActivity({ ...activity, id: consentCardId });
      return;
    } catch (error) {
      logger.warn(
        { err: error, conversationId, activityId: consentCardId },
        "file consent card not replaced; answering with a new message",
      );
    }
  }
  await turn.sendActivity(activity).catch((error: unknown) => {
    logger.error(
      { err: error, conversationId, activityId: turn.activity.id },
      "file consent answer not delivered",
    );
  });
}

import { type Reply, textReply } from "../reply.ts";

/**
 * The fields of a shared Slack file that the bot reads. Field names follow the `FileElement` and
 * `Transcription` response types of @slack/web-api 8.x: a recorded clip has `subtype`
 * `slack_audio` (or `slack_video`) and, when Slack transcribed it, `transcription.preview`.
 */
export interface SlackFile {
  id?: string;
  mimetype?: string;
  subtype?: string;
  transcription?: {
    /** `complete` once the transcript is ready; other values mean there is none to read. */
    status?: string;
    preview?: { content?: string; has_more?: boolean };
  };
}

export interface PostText {
  /** The typed text and every readable voice transcript, one per line. */
  text: string;
  /** A voice clip came without a complete transcript, so part of the post could not be read. */
  hasUnreadableClip: boolean;
}

/**
 * Reads a post as text: what was typed, followed by the transcript of each voice clip. A
 * transcript is read only when Slack marks it complete and the preview contains all of it, because
 * a cut-off sentence ("an hour and") could record the wrong minutes.
 * NOTE: a clip whose transcript is still processing when the event arrives counts as unreadable;
 * the later file change is not followed up.
 */
export function readPostText(message: { text?: string; files?: SlackFile[] }): PostText {
  const clips = (message.files ?? []).filter(isVoiceClip);
  const transcripts = clips.map(readTranscript);
  const parts = [message.text ?? "", ...transcripts].filter(
    (part): part is string => part !== undefined && part.trim() !== "",
  );
  return {
    text: parts.join("\n"),
    hasUnreadableClip: transcripts.some((transcript) => transcript === undefined),
  };
}

function isVoiceClip(file: SlackFile): boolean {
  return (
    file.subtype === "slack_audio" ||
    file.subtype === "slack_video" ||
    (file.mimetype ?? "").startsWith("audio/")
  );
}

function readTranscript(file: SlackFile): string | undefined {
  const transcription = file.transcription;
  if (transcription?.status !== "complete") return undefined;
  if (transcription.preview?.has_more === true) return undefined;
  const content = transcription.preview?.content?.trim();
  return content ? content : undefined;
}

/** Builds the reply for a voice clip without a readable transcript in a post that contains no log. */
export function unreadableClipReply(): Reply {
  return textReply("thread", [
    "I could not read this voice clip: Slack sent no complete transcript for it, so nothing was recorded. Type the log instead, for example “20 min with J. Doe, care plan review”.",
  ]);
}

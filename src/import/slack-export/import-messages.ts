import { slackTimestampToDate } from "../../chat/slack/thread-replies.ts";
import type { ServiceContext } from "../../services/context.ts";
import { applyMessageDeletion } from "../../services/delete-encounter.ts";
import { applyMessageEdit } from "../../services/edit-encounter.ts";
import { handleMessage } from "../../services/handle-message.ts";
import type { MessageSource } from "../../services/log-encounter.ts";
import { type DescribedOutcome, describeChange, describeOutcome } from "./describe-outcome.ts";
import { localDateTime, type ReportRow } from "./import-report.ts";
import { messageLink } from "./message-link.ts";
import type { Conversation } from "./read-export.ts";
import type { ExportMessage } from "./select-messages.ts";

export interface ImportMessagesOptions {
  conversation: Conversation;
  userNames: ReadonlyMap<string, string>;
  /** Workspace domain for permalinks; without it links are channel id and ts. */
  workspace?: string;
  /** Called after each message with how many are done. */
  onProgress?: (done: number) => void;
}

export interface ImportMessagesResult {
  rows: ReportRow[];
  claimChanges: number;
  /** Set when a message could not be handled (such as a database failure); later ones were not tried. */
  stopped?: { row: ReportRow; error: unknown };
}

/**
 * Sends each message through the live path, `handleMessage`, keyed by platform "slack", the
 * channel id and the message ts, exactly as a live event is. That key makes a message recorded
 * once however often it is imported or whether the bot saw it live. A message recorded earlier
 * but edited or deleted since goes through the live edit and deletion services, so its encounter
 * follows the export even when the bot missed the change. The message's own time is the
 * reference for "today" and "yesterday". Messages run one after another, oldest first, so claims
 * grow as they did in the channel.
 */
export async function importMessages(
  context: ServiceContext,
  messages: readonly ExportMessage[],
  options: ImportMessagesOptions,
): Promise<ImportMessagesResult> {
  const rows: ReportRow[] = [];
  let claimChanges = 0;
  for (const message of messages) {
    const row = baseRow(message, context.timeZone, options);
    try {
      const described = await handleExportMessage(context, message, row, options);
      rows.push({ ...row, ...described });
      claimChanges += described.claimChanges;
    } catch (error) {
      context.logger.error(
        { err: error, channel: options.conversation.id, ts: row.ts },
        "import stopped: message not handled",
      );
      return { rows, claimChanges, stopped: { row, error } };
    }
    options.onProgress?.(rows.length);
  }
  return { rows, claimChanges };
}

async function handleExportMessage(
  context: ServiceContext,
  message: ExportMessage,
  row: ReportRow,
  options: ImportMessagesOptions,
): Promise<Pick<ReportRow, "outcome" | "detail"> & { claimChanges: number }> {
  const source = (ts: string): MessageSource => ({
    platform: "slack",
    channel: options.conversation.id,
    messageId: ts,
    link: options.workspace ? row.link : undefined,
  });
  switch (message.kind) {
    case "not_a_log":
      return { outcome: "not a log", detail: message.reason, claimChanges: 0 };
    case "deleted":
      return withCount(await applyExportDeletion(context, source(message.ts)));
    case "invalid":
      return { outcome: "failed", detail: message.reason, claimChanges: 0 };
    case "post":
      return handleExportPost(context, message, source(message.ts), row);
  }
}

async function handleExportPost(
  context: ServiceContext,
  message: Extract<ExportMessage, { kind: "post" }>,
  source: MessageSource,
  row: ReportRow,
): Promise<Pick<ReportRow, "outcome" | "detail"> & { claimChanges: number }> {
  const outcome = await handleMessage(context, {
    user: { platform: "slack", userId: message.user, displayName: row.userName || undefined },
    source,
    text: message.text,
    instant: slackTimestampToDate(message.ts),
    replay: true,
  });
  const userLabel = row.userName ? `${message.user} (${row.userName})` : message.user;
  const described =
    outcome.kind === "duplicate" && message.edited
      ? await applyExportEdit(context, message, source, userLabel)
      : await describeOutcome(context, outcome, source, userLabel);
  const edited = message.edited && described.outcome === "recorded" ? " (edited text)" : "";
  return withCount({ ...described, detail: `${described.detail}${edited}` });
}

/**
 * Applies the final text of an edited message that was recorded before, as a live edit would.
 * The edit's revision makes an export older than an edit the bot already applied change nothing.
 */
async function applyExportEdit(
  context: ServiceContext,
  message: Extract<ExportMessage, { kind: "post" }>,
  source: MessageSource,
  userLabel: string,
): Promise<DescribedOutcome> {
  const outcome = await applyMessageEdit(context, {
    user: { platform: "slack", userId: message.user },
    source,
    text: message.text,
    instant: slackTimestampToDate(message.ts),
    revision: message.revision,
  });
  return describeChange(context, outcome, source, userLabel, () =>
    describeOutcome(context, { kind: "duplicate" }, source, userLabel),
  );
}

/** Voids what a message deleted in Slack recorded before, as a live deletion would. */
async function applyExportDeletion(
  context: ServiceContext,
  source: MessageSource,
): Promise<DescribedOutcome> {
  const outcome = await applyMessageDeletion(context, source);
  return describeChange(context, outcome, source, "", async () => ({
    outcome: "skipped",
    detail: "deleted in Slack",
    claimChanges: [],
  }));
}

function withCount(
  described: DescribedOutcome,
): Pick<ReportRow, "outcome" | "detail"> & { claimChanges: number } {
  return {
    outcome: described.outcome,
    detail: described.detail,
    claimChanges: described.claimChanges.length,
  };
}

function baseRow(
  message: ExportMessage,
  timeZone: string,
  options: ImportMessagesOptions,
): ReportRow {
  const when = message.ts
    ? localDateTime(slackTimestampToDate(message.ts), timeZone)
    : { date: message.day, time: "" };
  const user = message.kind === "invalid" ? "" : (message.user ?? "");
  const threadTs = message.kind === "invalid" ? undefined : message.threadTs;
  return {
    ...when,
    ts: message.ts ?? "",
    user,
    userName: options.userNames.get(user) ?? "",
    outcome: "failed",
    detail: "",
    link: message.ts
      ? messageLink(options.workspace, options.conversation.id, message.ts, threadTs)
      : "",
  };
}

import { slackTimestampToDate } from "../../chat/slack/thread-replies.ts";
import type { ServiceContext } from "../../services/context.ts";
import { handleMessage } from "../../services/handle-message.ts";
import type { MessageSource } from "../../services/log-encounter.ts";
import { describeOutcome } from "./describe-outcome.ts";
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
 * once however often it is imported or whether the bot saw it live. The message's own time is
 * the reference for "today" and "yesterday". Messages run one after another, oldest first, so
 * claims grow as they did in the channel.
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
  switch (message.kind) {
    case "not_a_log":
      return { outcome: "not a log", detail: message.reason, claimChanges: 0 };
    case "deleted":
      return { outcome: "skipped", detail: "deleted in Slack", claimChanges: 0 };
    case "invalid":
      return { outcome: "failed", detail: message.reason, claimChanges: 0 };
    case "post":
      break;
  }

  const source: MessageSource = {
    platform: "slack",
    channel: options.conversation.id,
    messageId: message.ts,
    link: options.workspace ? row.link : undefined,
  };
  const outcome = await handleMessage(context, {
    user: { platform: "slack", userId: message.user, displayName: row.userName || undefined },
    source,
    text: message.text,
    instant: slackTimestampToDate(message.ts),
    replay: true,
  });
  const userLabel = row.userName ? `${message.user} (${row.userName})` : message.user;
  const described = await describeOutcome(context, outcome, source, userLabel);
  const edited = message.edited && described.outcome === "recorded" ? " (edited text)" : "";
  return {
    outcome: described.outcome,
    detail: `${described.detail}${edited}`,
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

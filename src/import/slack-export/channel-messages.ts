import { slackTimestampToDate } from "../../chat/slack/thread-replies.ts";
import { addDays, localDateOf, monthBounds, monthOf } from "../../time/calendar.ts";
import type { ReportRow } from "./import-report.ts";
import {
  type Conversation,
  type DayFile,
  findConversation,
  type SlackExport,
} from "./read-export.ts";
import { type DayRecords, type ExportMessage, selectMessages } from "./select-messages.ts";

export interface ChannelMessagesOptions {
  /** Channel name (with or without "#") or id. */
  channel: string;
  /** Only messages sent in this month (`YYYY-MM`) in the practice time zone. */
  month?: string;
  /** IANA zone of the practice, for the month filter. */
  timeZone: string;
}

export interface ChannelMessages {
  conversation: Conversation;
  messages: ExportMessage[];
  /** One failed row per day file that could not be read; the other days are still imported. */
  skippedDayFiles: ReportRow[];
}

/**
 * Reads one channel of an export: its day files, oldest first, turned into final messages.
 * With a month, only day files from the day before the month to the day after it are read,
 * because a day file's date is not always the local date of its messages.
 * NOTE: an edit or deletion recorded in a day file later than that is then not seen.
 */
export async function readChannelMessages(
  slackExport: SlackExport,
  options: ChannelMessagesOptions,
): Promise<ChannelMessages> {
  const conversation = findConversation(slackExport, options.channel);
  const dayFiles = slackExport
    .listDayFiles(conversation)
    .filter((dayFile) => isNearMonth(dayFile, options.month));

  const days: DayRecords[] = [];
  const skippedDayFiles: ReportRow[] = [];
  for (const dayFile of dayFiles) {
    const content = await slackExport.readDayFile(dayFile);
    if (content.ok) days.push({ date: dayFile.date, records: content.records });
    else skippedDayFiles.push(skippedDayRow(conversation, dayFile, content.reason));
  }

  const messages = selectMessages(days).filter((message) =>
    isInMonth(message, options.month, options.timeZone),
  );
  return { conversation, messages, skippedDayFiles };
}

function isNearMonth(dayFile: DayFile, month: string | undefined): boolean {
  if (!month) return true;
  const { first, next } = monthBounds(month);
  return dayFile.date >= addDays(first, -1) && dayFile.date <= next;
}

function isInMonth(message: ExportMessage, month: string | undefined, timeZone: string): boolean {
  if (!month) return true;
  const date = message.ts ? localDateOf(slackTimestampToDate(message.ts), timeZone) : message.day;
  return monthOf(date) === month;
}

function skippedDayRow(conversation: Conversation, dayFile: DayFile, reason: string): ReportRow {
  return {
    date: dayFile.date,
    time: "",
    ts: "",
    user: "",
    userName: "",
    outcome: "failed",
    detail: `day file ${dayFile.path} skipped: ${reason}`,
    link: `${conversation.folder}/${dayFile.date}.json`,
  };
}

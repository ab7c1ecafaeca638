import { TZDate } from "@date-fns/tz";
import { stringify } from "csv-stringify/sync";
import { monthLabel } from "../../time/calendar.ts";
import type { Conversation } from "./read-export.ts";

/** Outcomes of one message, as the report prints them. */
export const reportOutcomes = [
  "recorded",
  "updated",
  "already present",
  "needs a patient choice",
  "not a log",
  "skipped",
  "failed",
] as const;
export type ReportOutcome = (typeof reportOutcomes)[number];

/** One line of the report: a message, or a day file that could not be read. */
export interface ReportRow {
  /** Local date in the practice time zone, `YYYY-MM-DD`; a day file's own date for its row. */
  date: string;
  /** Local time `HH:MM`, or "" when the row has no message timestamp. */
  time: string;
  /** Slack's message ts, or "" when unknown. */
  ts: string;
  user: string;
  userName: string;
  outcome: ReportOutcome;
  /** Minutes, patient initials and MRN, or the reason; never a patient's name or note. */
  detail: string;
  link: string;
}

export interface ImportReport {
  conversation: Conversation;
  month?: string;
  dryRun: boolean;
  rows: ReportRow[];
  /** Day files that were skipped, with the reason; their rows are in `rows` as failed. */
  skippedDayFiles: number;
  /** Claims earned, voided or changed by the recorded messages. */
  claimChanges: number;
}

/** Local date and time of a Slack ts in the practice time zone. */
export function localDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const zoned = new TZDate(instant.getTime(), timeZone);
  const pad = (value: number) => String(value).padStart(2, "0");
  return {
    date: `${zoned.getFullYear()}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}`,
    time: `${pad(zoned.getHours())}:${pad(zoned.getMinutes())}`,
  };
}

/**
 * Orders rows by local date only. The sort is stable and messages arrive in ts order, so they keep
 * it, even through the hour a daylight-saving change repeats, and rows given first (skipped day
 * files) lead their day.
 */
export function sortByDate(rows: readonly ReportRow[]): ReportRow[] {
  return [...rows].sort((a, b) => a.date.localeCompare(b.date));
}

export function countOutcomes(rows: readonly ReportRow[]): Record<ReportOutcome, number> {
  const counts = Object.fromEntries(reportOutcomes.map((outcome) => [outcome, 0])) as Record<
    ReportOutcome,
    number
  >;
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}

/** Formats the report for a terminal: a heading, one line per row, then the totals. */
export function formatReportText(report: ImportReport): string {
  const scope = report.month ? `, ${monthLabel(report.month)}` : "";
  const mode = report.dryRun ? " (dry run: nothing was written)" : "";
  const lines = [
    `Slack export import: #${report.conversation.name} (${report.conversation.id})${scope}${mode}`,
  ];
  if (report.rows.length === 0) lines.push("No messages to import.");
  const width = Math.max(...reportOutcomes.map((outcome) => outcome.length));
  for (const row of report.rows) {
    const when = `${row.date} ${row.time || "     "}`;
    const detail = row.detail ? `  ${row.detail}` : "";
    lines.push(`${when}  ${row.outcome.padEnd(width)}${detail}  ${row.link}`.trimEnd());
  }
  lines.push(formatTotals(report));
  return `${lines.join("\n")}\n`;
}

function formatTotals(report: ImportReport): string {
  const counts = countOutcomes(report.rows);
  const parts = reportOutcomes.map((outcome) => `${counts[outcome]} ${outcome}`);
  const dayFiles =
    report.skippedDayFiles > 0
      ? `; ${report.skippedDayFiles} day file${report.skippedDayFiles === 1 ? "" : "s"} skipped`
      : "";
  const claims = `; ${report.claimChanges} claim change${report.claimChanges === 1 ? "" : "s"}`;
  return `Totals: ${parts.join(", ")}${dayFiles}${claims}.`;
}

const csvColumns: { key: keyof ReportRow; header: string }[] = [
  { key: "date", header: "date" },
  { key: "time", header: "time" },
  { key: "ts", header: "ts" },
  { key: "user", header: "user" },
  { key: "userName", header: "user_name" },
  { key: "outcome", header: "outcome" },
  { key: "detail", header: "detail" },
  { key: "link", header: "link" },
];

/** Formats the report rows as CSV with a header line, one row per message or skipped day file. */
export function formatReportCsv(report: ImportReport): string {
  const records = report.rows.map((row) => csvColumns.map(({ key }) => guardFormula(row[key])));
  return stringify(records, { header: true, columns: csvColumns.map(({ header }) => header) });
}

/**
 * Spreadsheets run a cell that starts with =, +, - or @ as a formula, and Slack display names
 * are free text, so such a cell gets a leading apostrophe and stays text.
 */
function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

import { isUserPost } from "../../chat/slack/message-listener.ts";
import { type ExportMessageRecord, messageSchema } from "./export-schema.ts";

/** The records of one day file, in file order. */
export interface DayRecords {
  /** The day file's date, `YYYY-MM-DD` from its name. */
  date: string;
  records: unknown[];
}

/**
 * One message of the channel in its final state, as the import handles it. `day` is the date of
 * the day file it came from.
 */
export type ExportMessage =
  | {
      kind: "post";
      ts: string;
      day: string;
      user: string;
      /** The final text: an edit replaces what was first written. */
      text: string;
      threadTs?: string;
      edited: boolean;
      /** The edit's version (`edited.ts`, else the change record's ts), as a live edit carries it. */
      revision?: string;
    }
  | { kind: "not_a_log"; ts: string; day: string; user?: string; threadTs?: string; reason: string }
  | { kind: "deleted"; ts: string; day: string; user?: string; threadTs?: string }
  | { kind: "invalid"; ts?: string; day: string; reason: string };

interface Change {
  changeTs: string;
  text?: string;
  subtype?: string;
  editedTs?: string;
}

/**
 * Turns day-file records into the channel's messages, oldest first. A `message_changed` record
 * gives its message the newer text, and `message_deleted` or a tombstone marks it deleted, in
 * whichever day file they sit. A message whose ts appears twice is taken once.
 */
export function selectMessages(days: readonly DayRecords[]): ExportMessage[] {
  const originals = new Map<string, { record: ExportMessageRecord; day: string }>();
  const changes = new Map<string, Change>();
  const deletedTs = new Set<string>();
  const invalid: ExportMessage[] = [];

  for (const { date, records } of days) {
    records.forEach((raw, index) => {
      const parsed = messageSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
        const reason = `record ${index + 1} of the day file is not a valid message (${field}${issue?.message ?? "invalid"})`;
        invalid.push({ kind: "invalid", ts: tsOf(raw), day: date, reason });
        return;
      }
      const record = parsed.data;
      if (record.subtype === "message_changed" && record.message) {
        keepLatestChange(changes, record.message.ts, {
          changeTs: record.ts,
          text: record.message.text,
          subtype: record.message.subtype,
          editedTs: record.message.edited?.ts,
        });
      } else if (record.subtype === "message_deleted") {
        if (record.deleted_ts) deletedTs.add(record.deleted_ts);
      } else if (!originals.has(record.ts)) {
        originals.set(record.ts, { record, day: date });
      }
    });
  }

  const messages = [...originals.values()].map(({ record, day }) =>
    classify(record, day, changes.get(record.ts), deletedTs.has(record.ts)),
  );
  return [...messages, ...invalid].sort((a, b) => compareTs(a.ts, b.ts));
}

function keepLatestChange(changes: Map<string, Change>, ts: string, change: Change): void {
  const earlier = changes.get(ts);
  if (!earlier || compareTs(earlier.changeTs, change.changeTs) < 0) changes.set(ts, change);
}

function classify(
  record: ExportMessageRecord,
  day: string,
  change: Change | undefined,
  deleted: boolean,
): ExportMessage {
  const base = { ts: record.ts, day, user: record.user, threadTs: threadOf(record) };
  if (deleted || record.subtype === "tombstone" || change?.subtype === "tombstone") {
    return { kind: "deleted", ...base };
  }
  // The live listener's rule: user posts only, so joins, topic changes and bot posts are skipped.
  const event = {
    channel: "",
    ts: record.ts,
    subtype: record.subtype,
    user: record.user,
    bot_id: record.bot_id,
  };
  if (!isUserPost(event, ""))
    return { kind: "not_a_log", ...base, reason: describeSkipped(record) };
  return {
    kind: "post",
    ...base,
    user: event.user,
    text: change?.text ?? record.text ?? "",
    edited: change !== undefined || record.edited != null,
    revision: change ? (change.editedTs ?? change.changeTs) : (record.edited?.ts ?? undefined),
  };
}

/** Returns the parent's ts for a thread reply, and undefined for a top-level message or a parent. */
function threadOf(record: ExportMessageRecord): string | undefined {
  return record.thread_ts && record.thread_ts !== record.ts ? record.thread_ts : undefined;
}

function describeSkipped(record: ExportMessageRecord): string {
  if (record.bot_id || record.subtype === "bot_message") return "bot message";
  if (record.subtype) return `${record.subtype.replaceAll("_", " ")} event`;
  return "message without a user";
}

function tsOf(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || !("ts" in raw)) return undefined;
  return typeof raw.ts === "string" && /^\d+\.\d+$/.test(raw.ts) ? raw.ts : undefined;
}

/**
 * Orders Slack timestamps exactly. They have more digits than a double holds, so seconds and
 * the fraction are compared as integers; a missing ts sorts last.
 */
export function compareTs(a: string | undefined, b: string | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const [secondsA = "0", fractionA = ""] = a.split(".");
  const [secondsB = "0", fractionB = ""] = b.split(".");
  const seconds = BigInt(secondsA) - BigInt(secondsB);
  if (seconds !== 0n) return seconds < 0n ? -1 : 1;
  const width = Math.max(fractionA.length, fractionB.length);
  return fractionA.padEnd(width, "0").localeCompare(fractionB.padEnd(width, "0"));
}

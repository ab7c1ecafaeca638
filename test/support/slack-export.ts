import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";
import { instantFromLocalTime } from "../../src/time/calendar.ts";

/**
 * A Slack workspace export in the documented layout: users.json, channels.json (and groups.json),
 * and one folder per channel holding `YYYY-MM-DD.json` day files, each an array of messages.
 * A day's value is written as JSON, or as it is when it is a string (to make a corrupt file).
 */
export interface ExportSpec {
  users: Record<string, unknown>[];
  channels: { id: string; name: string }[];
  groups?: { id: string; name: string }[];
  days: Record<string, Record<string, unknown[] | string>>;
}

/** Slack `ts` for local New York wall time, with a sequence number in the microseconds. */
export function tsAt(wallTime: string, sequence = 100): string {
  const seconds = Math.floor(instantFromLocalTime(wallTime, "America/New_York").getTime() / 1000);
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

function exportFiles(spec: ExportSpec): Map<string, string> {
  const files = new Map<string, string>();
  files.set("users.json", JSON.stringify(spec.users, null, 2));
  files.set("channels.json", JSON.stringify(spec.channels, null, 2));
  if (spec.groups) files.set("groups.json", JSON.stringify(spec.groups, null, 2));
  for (const [folder, days] of Object.entries(spec.days)) {
    for (const [date, content] of Object.entries(days)) {
      const text = typeof content === "string" ? content : JSON.stringify(content, null, 2);
      files.set(`${folder}/${date}.json`, text);
    }
  }
  return files;
}

/** Writes the export as an unpacked folder under `dir`. */
export function writeExportFolder(dir: string, spec: ExportSpec): void {
  for (const [path, text] of exportFiles(spec)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** Writes the export as a .zip, its files under `prefix` (Slack's own archive has none). */
export async function writeExportZip(file: string, spec: ExportSpec, prefix = ""): Promise<void> {
  const zip = new ZipFile();
  for (const [path, text] of exportFiles(spec)) {
    zip.addBuffer(Buffer.from(text, "utf8"), `${prefix}${path}`);
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** Timestamps of the care-team messages, so tests can find their rows. */
export const careTeamTs = {
  february: tsAt("2026-02-27T10:00"),
  janeFirst: tsAt("2026-03-02T09:00"),
  join: tsAt("2026-03-02T09:05"),
  smallTalk: tsAt("2026-03-02T09:10"),
  ambiguous: tsAt("2026-03-02T09:20"),
  edited: tsAt("2026-03-03T10:00"),
  changed: tsAt("2026-03-03T10:30"),
  threadParent: tsAt("2026-03-03T11:00"),
  threadReply: tsAt("2026-03-03T11:05"),
  botReply: tsAt("2026-03-03T11:06"),
  changeRecord: tsAt("2026-03-03T11:30"),
  notProvider: tsAt("2026-03-05T09:00"),
  deleted: tsAt("2026-03-05T09:10"),
  deleteRecord: tsAt("2026-03-05T09:12"),
  tombstone: tsAt("2026-03-05T09:20"),
  unknownPatient: tsAt("2026-03-05T09:30"),
  undo: tsAt("2026-03-05T09:40"),
  noDuration: tsAt("2026-03-05T09:50"),
  april: tsAt("2026-04-01T09:00"),
};

const t = careTeamTs;

/**
 * A practice's care-team channel, February to April 2026, for the roster Jane Doe (MRN 100234)
 * and John Doe (MRN 100243). UNURSE is a provider, UADMIN an admin by setting, UTEMP neither.
 * March has four logs to record: one edited in place, one changed by a later record and one a
 * thread reply. It also has two logs needing a patient choice, a join, small talk, a thread
 * parent, a bot reply, an undo, a deleted message, a tombstone, a log from a non-provider, one
 * without a duration, a record that is not a message and a corrupt day file. February and April
 * have one log each.
 */
export function careTeamExport(): ExportSpec {
  return {
    users: [
      { id: "UNURSE", name: "nora", real_name: "Nora Nurse", profile: { display_name: "Nora" } },
      { id: "UADMIN", name: "ada", real_name: "Ada Admin", profile: { display_name: "" } },
      { id: "UTEMP", name: "tom", real_name: "Tom Temp", profile: null },
      { id: "UBOT", name: "ccm", is_bot: true, profile: { real_name: "ccm" } },
    ],
    channels: [
      { id: "C0CARE", name: "care-team" },
      { id: "C0RAND", name: "random" },
    ],
    groups: [{ id: "G0PRIV", name: "billing-private" }],
    days: {
      "care-team": {
        "2026-02-27": [
          {
            type: "message",
            user: "UNURSE",
            text: "10 min with Jane Doe chart review",
            ts: t.february,
          },
        ],
        "2026-03-02": [
          {
            type: "message",
            user: "UNURSE",
            text: "spent 15 min with Jane Doe on diabetes meds",
            ts: t.janeFirst,
          },
          {
            type: "message",
            subtype: "channel_join",
            user: "UTEMP",
            text: "<@UTEMP> has joined the channel",
            ts: t.join,
          },
          { type: "message", user: "UNURSE", text: "good morning team", ts: t.smallTalk },
          { type: "message", user: "UADMIN", text: "10 min with J. Doe", ts: t.ambiguous },
        ],
        "2026-03-03": [
          {
            type: "message",
            user: "UNURSE",
            text: "5 min call with Jane Doe about refills",
            ts: t.edited,
            edited: { user: "UNURSE", ts: tsAt("2026-03-03T10:02") },
          },
          { type: "message", user: "UNURSE", text: "12 min with John Doe", ts: t.changed },
          {
            type: "message",
            user: "UNURSE",
            text: "care plan review thread",
            ts: t.threadParent,
            thread_ts: t.threadParent,
            reply_count: 2,
          },
          {
            type: "message",
            user: "UADMIN",
            text: "20 min with John Doe care plan",
            ts: t.threadReply,
            thread_ts: t.threadParent,
            parent_user_id: "UNURSE",
          },
          {
            type: "message",
            subtype: "bot_message",
            bot_id: "BBOT",
            user: "UBOT",
            text: "Logged 20 min for J.D. (MRN 100243).",
            ts: t.botReply,
            thread_ts: t.threadParent,
          },
          {
            type: "message",
            subtype: "message_changed",
            hidden: true,
            ts: t.changeRecord,
            message: {
              type: "message",
              user: "UNURSE",
              text: "25 min with John Doe care coordination",
              ts: t.changed,
              edited: { user: "UNURSE", ts: t.changeRecord },
            },
          },
        ],
        "2026-03-04": '[{"type": "message", "user": "UNURSE", "text": "20 min with Jane',
        "2026-03-05": [
          { type: "message", user: "UTEMP", text: "30 min with Jane Doe", ts: t.notProvider },
          { type: "message", user: "UNURSE", text: "40 min with Jane Doe", ts: t.deleted },
          {
            type: "message",
            subtype: "message_deleted",
            hidden: true,
            deleted_ts: t.deleted,
            ts: t.deleteRecord,
          },
          {
            type: "message",
            subtype: "tombstone",
            user: "USLACKBOT",
            text: "This message was deleted.",
            hidden: true,
            ts: t.tombstone,
          },
          { type: "message", user: "UNURSE", text: "45 min with Mary Major", ts: t.unknownPatient },
          { type: "message", user: "UNURSE", text: "undo", ts: t.undo },
          {
            type: "message",
            user: "UNURSE",
            text: "spent time with Jane Doe on meds",
            ts: t.noDuration,
          },
          { type: "message", user: "UNURSE", text: "a record without its ts" },
        ],
        "2026-04-01": [
          { type: "message", user: "UNURSE", text: "20 min with Jane Doe", ts: t.april },
        ],
      },
      random: {
        "2026-03-02": [
          { type: "message", user: "UNURSE", text: "25 min with Jane Doe", ts: t.janeFirst },
        ],
      },
    },
  };
}

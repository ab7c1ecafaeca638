import type { ImportResult, ImportRowOutcome } from "../../services/roster-import.ts";
import { type Inline, type Reply, type ReplyBlock, textReply } from "../reply.ts";
import { describeChange } from "./enrollment-replies.ts";
import { formatServiceDate } from "./wording.ts";

/** Rows listed one by one; the counts always cover every row. */
const maxListedRows = 100;
/** Lines per text block, so each block stays under Slack's 3000-character section limit. */
const linesPerBlock = 15;

/** Rejected rows first, because they are the ones that need work. */
const statusOrder: ImportRowOutcome["status"][] = [
  "rejected",
  "added",
  "reenrolled",
  "updated",
  "unchanged",
];

/** Builds the private reply to a roster import: counts, then what happened to each row. */
export function replyToImport(result: ImportResult): Reply {
  if (result.status === "file_error") {
    return textReply("private", [`Nothing was imported. ${result.error.message}`]);
  }
  const count = (status: ImportRowOutcome["status"]) =>
    result.rows.filter((row) => row.status === status).length;
  const summary = `Roster imported: ${count("added")} added, ${count("reenrolled") + count("updated")} updated, ${count("unchanged")} unchanged, ${count("rejected")} rejected.`;
  const header: Inline[][] = [[{ bold: summary }]];
  if (result.stoppedAtLine !== undefined) {
    header.push([
      `The import stopped at line ${result.stoppedAtLine} because the bot could not save it; lines from there on were not imported. Send the file again in a minute: rows already saved will count as unchanged.`,
    ]);
  }
  if (result.ignoredColumns.length > 0) {
    header.push([`Columns ignored: ${result.ignoredColumns.join(", ")}.`]);
  }

  const ordered = statusOrder.flatMap((status) =>
    result.rows.filter((row) => row.status === status),
  );
  const lines = ordered.slice(0, maxListedRows).map(rowLine);
  if (ordered.length > maxListedRows) {
    lines.push([`${ordered.length - maxListedRows} more rows are counted above but not listed.`]);
  }
  const blocks: ReplyBlock[] = [{ type: "text", lines: header }];
  for (let start = 0; start < lines.length; start += linesPerBlock) {
    blocks.push({ type: "text", lines: lines.slice(start, start + linesPerBlock) });
  }
  return { summary, blocks, audience: "private" };
}

function rowLine(row: ImportRowOutcome): Inline[] {
  const where = `Line ${row.line}: `;
  switch (row.status) {
    case "rejected":
      return [
        where,
        { bold: "rejected" },
        ` ${row.name || "(no name)"} (MRN ${row.mrn || "none"}): ${row.reasons.join(" ")}`,
      ];
    case "added":
      return [where, `added ${row.patient.name} (MRN ${row.patient.mrn})`];
    case "reenrolled":
      return [
        where,
        `enrolled ${row.patient.name} (MRN ${row.patient.mrn}) again from ${formatServiceDate(row.startsOn)}`,
      ];
    case "updated":
      return [
        where,
        `updated ${row.patient.name} (MRN ${row.patient.mrn}): ${row.changes.map(describeChange).join("; ")}`,
      ];
    case "unchanged":
      return [where, `unchanged ${row.patient.name} (MRN ${row.patient.mrn})`];
  }
}

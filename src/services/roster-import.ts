import { localDateOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";
import { enrollPatient } from "./enroll-patient.ts";
import type { EnrollmentChange } from "./enrollment-plan.ts";
import { validateEnrollment } from "./enrollment-rules.ts";
import type { PatientLabel } from "./patient-label.ts";
import type { Provider } from "./providers.ts";
import { parseRosterCsv, type RosterFileError } from "./roster-csv.ts";
import { readRosterRow } from "./roster-row.ts";

/** What became of one roster row; `line` is where the row ends in the file. */
export type ImportRowOutcome =
  | { line: number; status: "added"; patient: PatientLabel }
  | { line: number; status: "reenrolled"; patient: PatientLabel; startsOn: string }
  | { line: number; status: "updated"; patient: PatientLabel; changes: EnrollmentChange[] }
  | { line: number; status: "unchanged"; patient: PatientLabel }
  | { line: number; status: "rejected"; name: string; mrn: string; reasons: string[] };

export type ImportResult =
  | { status: "file_error"; error: RosterFileError }
  | {
      status: "imported";
      rows: ImportRowOutcome[];
      /** Header columns that are not roster columns and were skipped. */
      ignoredColumns: string[];
      /** The line the import stopped at because a write failed; rows after it were not read. */
      stoppedAtLine?: number;
    };

/**
 * Imports a roster CSV, one enrollment per row in its own transaction, so a rejected row never
 * blocks the others. A problem with the file itself (empty, too large, not CSV, a missing
 * column) is found before any row is written, so such a file writes nothing. An MRN already on
 * file, or earlier in the same file, updates that patient instead of adding another.
 */
export async function importRoster(
  context: ServiceContext,
  actor: Provider,
  content: Uint8Array | string,
): Promise<ImportResult> {
  const parsed = parseRosterCsv(content);
  if (!parsed.ok) return { status: "file_error", error: parsed.error };

  const today = localDateOf(context.now(), context.timeZone);
  const obtainedBy = `roster import by ${actor.displayName ?? `${actor.platform}:${actor.platformUserId}`}`;
  const rows: ImportRowOutcome[] = [];
  for (const row of parsed.rows) {
    const { input, problems } = readRosterRow(row, parsed.columnCount, obtainedBy);
    if (problems.length > 0) {
      const others = validateEnrollment(input, today).filter(
        (problem) => problem.code !== "missing_consent",
      );
      rows.push(reject(row.line, input, [...problems, ...others.map((p) => p.message)]));
      continue;
    }
    try {
      const result = await enrollPatient(context, actor, input);
      rows.push(outcomeOf(row.line, input, result));
    } catch (error) {
      context.logger.error(
        { err: error, line: row.line },
        "roster import stopped: a row failed to save",
      );
      return {
        status: "imported",
        rows,
        ignoredColumns: parsed.ignoredColumns,
        stoppedAtLine: row.line,
      };
    }
  }
  context.logger.info(
    {
      providerId: actor.id,
      rows: rows.length,
      rejected: rows.filter((r) => r.status === "rejected").length,
    },
    "roster imported",
  );
  return { status: "imported", rows, ignoredColumns: parsed.ignoredColumns };
}

function outcomeOf(
  line: number,
  input: { name: string; mrn: string },
  result: Awaited<ReturnType<typeof enrollPatient>>,
): ImportRowOutcome {
  switch (result.status) {
    case "enrolled":
      return result.newPatient
        ? { line, status: "added", patient: result.patient }
        : { line, status: "reenrolled", patient: result.patient, startsOn: result.startsOn };
    case "updated":
      return { line, status: "updated", patient: result.patient, changes: result.changes };
    case "already_enrolled":
      return { line, status: "unchanged", patient: result.patient };
    case "invalid":
      return reject(
        line,
        input,
        result.problems.map((problem) => problem.message),
      );
  }
}

function reject(
  line: number,
  input: { name: string; mrn: string },
  reasons: string[],
): ImportRowOutcome {
  return { line, status: "rejected", name: input.name, mrn: input.mrn, reasons };
}

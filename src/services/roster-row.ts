import { readDate } from "../time/read-date.ts";
import type { EnrollmentInput } from "./enrollment-rules.ts";
import type { RosterRow } from "./roster-csv.ts";

/** Name suffixes that follow a comma without making the name "Last, First". */
const nameSuffixes = /^(jr|sr|ii|iii|iv|v|md|do|phd|rn|np)\.?$/i;

/**
 * Turns "Doe, Jane" (the order many practice systems export) into "Jane Doe"; "Jane Doe, Jr."
 * and names without a comma stay as written.
 */
export function readRosterName(value: string): string {
  const parts = value.split(",").map((part) => part.trim());
  if (parts.length !== 2) return value.trim();
  const [last = "", first = ""] = parts;
  if (first === "" || last === "" || nameSuffixes.test(first)) return value.trim();
  return `${first} ${last}`;
}

/** Conditions in one cell, separated by semicolons, vertical bars, commas or line breaks. */
export function splitConditions(value: string): string[] {
  return value
    .split(/[;|,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/**
 * Reads one roster row into enrollment input. Problems that the enrollment rules cannot see,
 * such as an unreadable date or a row with too many values, are returned as messages.
 */
export function readRosterRow(
  row: RosterRow,
  columnCount: number,
  consentObtainedBy: string,
): { input: EnrollmentInput; problems: string[] } {
  const problems: string[] = [];
  const value = (column: keyof RosterRow["values"]) => row.values[column]?.trim() ?? "";
  if (row.valueCount !== undefined) {
    problems.push(
      `The row has ${row.valueCount} values but the header names ${columnCount} columns; quote values that contain commas, such as "Doe, Jane".`,
    );
  }

  const dateOfBirth = readRequiredDate(value("dateOfBirth"), "date of birth", problems);
  const consentDate = readRequiredDate(value("consentDate"), "consent date", problems);
  const consentText = value("consentType").toLowerCase();
  const consentType =
    consentText === "verbal" || consentText === "written" ? consentText : undefined;
  if (consentText === "") problems.push("Consent is missing: the consent type is empty.");
  else if (consentType === undefined) {
    problems.push(`The consent type “${value("consentType")}” is neither verbal nor written.`);
  }
  const programText = value("program").toLowerCase() || "ccm";
  const program = programText === "pcm" ? "pcm" : "ccm";
  if (programText !== "ccm" && programText !== "pcm") {
    problems.push(`The program “${value("program")}” is neither CCM nor PCM.`);
  }

  const input: EnrollmentInput = {
    name: readRosterName(value("name")),
    mrn: value("mrn").replace(/^#/, ""),
    dateOfBirth,
    conditions: splitConditions(value("conditions")),
    program,
    consentType,
    // An unreadable consent date was reported above; this placeholder fails no other rule.
    consentDate: consentDate ?? "0001-01-01",
    consentObtainedBy: value("consentObtainedBy") || consentObtainedBy,
  };
  return { input, problems };
}

function readRequiredDate(text: string, label: string, problems: string[]): string | undefined {
  if (text === "") {
    problems.push(`The ${label} is missing.`);
    return undefined;
  }
  const date = readDate(text);
  if (!date) problems.push(`The ${label} “${text}” is not a date: use YYYY-MM-DD or M/D/YYYY.`);
  return date;
}

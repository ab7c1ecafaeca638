import type { ConsentType, Program } from "../../../db/schema/index.ts";
import type { DisclosureField, EnrollmentInput } from "../../services/enrollment-rules.ts";
import { addDays } from "../../time/calendar.ts";
import { readDate } from "../../time/read-date.ts";

/** The fields of a one-line enrollment, before the enrollment rules are checked. */
export interface EnrollLineFields {
  name: string;
  mrn?: string;
  dateOfBirth?: string;
  conditions: string[];
  consentType?: ConsentType;
  consentDate?: string;
  consentObtainedBy?: string;
  program: Program;
  /** The disclosures listed after `told:`; absent when the line does not say. */
  told?: Partial<Record<DisclosureField, boolean>>;
}

/** A part of the line that is missing or unreadable, worded to follow "Missing or unreadable:". */
export interface EnrollLineProblem {
  field: keyof EnrollmentInput;
  text: string;
}

export interface EnrollLineResult {
  fields: EnrollLineFields;
  /** Every part that is missing or unreadable, each naming the fix. */
  problems: EnrollLineProblem[];
}

export const enrollLineExample =
  "/ccm enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal";

type FieldKey =
  | "mrn"
  | "dob"
  | "conditions"
  | "consent"
  | "consentDate"
  | "program"
  | "obtainedBy"
  | "told";

/** Labels that start a field, as a coordinator would type them; the first segment is the name. */
const fieldLabels: { key: FieldKey; pattern: string }[] = [
  { key: "mrn", pattern: "mrn" },
  { key: "dob", pattern: "dob|date of birth|born" },
  { key: "conditions", pattern: "conditions?|diagnos[ie]s|dx" },
  { key: "consentDate", pattern: "consent date|consented on" },
  { key: "obtainedBy", pattern: "obtained by|consent by" },
  { key: "consent", pattern: "consent" },
  { key: "program", pattern: "program" },
  { key: "told", pattern: "told|disclosed" },
];

const labelPattern = new RegExp(
  `(?:^|,|;)\\s*(${fieldLabels.map((label) => label.pattern).join("|")})\\b\\s*[:#=]?\\s*`,
  "gi",
);

/**
 * Reads `/ccm enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension,
 * consent: verbal [YYYY-MM-DD], told: all`. `today` (`YYYY-MM-DD`) is the default consent date.
 */
export function parseEnrollLine(text: string, today: string): EnrollLineResult {
  const segments = splitSegments(text);
  const problems: EnrollLineProblem[] = [];
  const fields: EnrollLineFields = {
    name: segments.name,
    conditions: splitList(segments.values.conditions ?? ""),
    program: "ccm",
  };

  if (fields.name === "") {
    problems.push({ field: "name", text: "the patient's name (start with it: “Jane Doe, …”)" });
  }
  readMrn(segments.values.mrn, fields, problems);
  readDateOfBirth(segments.values.dob, fields, problems);
  readConsent(segments.values.consent, segments.values.consentDate, today, fields, problems);
  readProgram(segments.values.program, fields, problems);
  if (segments.values.conditions === undefined) {
    problems.push({
      field: "conditions",
      text: "the chronic conditions (add “conditions: diabetes, hypertension”)",
    });
  }
  readTold(segments.values.told, fields, problems);
  fields.consentObtainedBy = segments.values.obtainedBy?.trim() || undefined;
  return { fields, problems };
}

function splitSegments(text: string): { name: string; values: Partial<Record<FieldKey, string>> } {
  const matches = [...text.matchAll(labelPattern)];
  const firstIndex = matches[0]?.index ?? text.length;
  const values: Partial<Record<FieldKey, string>> = {};
  matches.forEach((match, position) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = matches[position + 1]?.index ?? text.length;
    const key = keyOfLabel(match[1] ?? "");
    if (key && values[key] === undefined) values[key] = trimSeparators(text.slice(start, end));
  });
  return { name: trimSeparators(text.slice(0, firstIndex)), values };
}

function keyOfLabel(label: string): FieldKey | undefined {
  const lower = label.toLowerCase();
  return fieldLabels.find((field) => new RegExp(`^(?:${field.pattern})$`, "i").test(lower))?.key;
}

function trimSeparators(value: string): string {
  return value.replace(/^[\s,;:]+|[\s,;.]+$/g, "");
}

function splitList(value: string): string[] {
  return value
    .split(/\s*(?:,|;|\band\b|\+)\s*/i)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function readMrn(
  value: string | undefined,
  fields: EnrollLineFields,
  problems: EnrollLineProblem[],
): void {
  const mrn = value?.replace(/^#/, "").trim();
  if (!mrn) problems.push({ field: "mrn", text: "the MRN (add “MRN 123456”)" });
  else fields.mrn = mrn;
}

function readDateOfBirth(
  value: string | undefined,
  fields: EnrollLineFields,
  problems: EnrollLineProblem[],
): void {
  if (value === undefined) return;
  const date = readDate(value);
  if (date) fields.dateOfBirth = date;
  else {
    problems.push({
      field: "dateOfBirth",
      text: `a readable date of birth (“${value}” is not a date; use YYYY-MM-DD)`,
    });
  }
}

function readConsent(
  consent: string | undefined,
  consentDate: string | undefined,
  today: string,
  fields: EnrollLineFields,
  problems: EnrollLineProblem[],
): void {
  const type = /\b(verbal|written)\b/i.exec(consent ?? "")?.[1]?.toLowerCase();
  if (type === "verbal" || type === "written") fields.consentType = type;
  else {
    problems.push({
      field: "consentType",
      text: "the consent type (add “consent: verbal” or “consent: written”)",
    });
  }

  const dateText = consentDate ?? consent?.replace(/\b(verbal|written|on)\b/gi, "").trim();
  if (!dateText) {
    fields.consentDate = today;
    return;
  }
  const date = /^today$/i.test(dateText)
    ? today
    : /^yesterday$/i.test(dateText)
      ? addDays(today, -1)
      : readDate(dateText);
  if (date) fields.consentDate = date;
  else {
    problems.push({
      field: "consentDate",
      text: `a readable consent date (“${dateText}” is not a date; use YYYY-MM-DD)`,
    });
  }
}

function readProgram(
  value: string | undefined,
  fields: EnrollLineFields,
  problems: EnrollLineProblem[],
): void {
  if (value === undefined) return;
  const program = value.trim().toLowerCase();
  if (program === "ccm" || program === "pcm") fields.program = program;
  else
    problems.push({
      field: "program",
      text: `a known program (“${value}” is neither ccm nor pcm)`,
    });
}

/** Words after `told:` that name each disclosure; "all" or "yes" names all three. */
const toldWords: { field: DisclosureField; pattern: RegExp }[] = [
  { field: "toldCostSharing", pattern: /\b(cost|copay|coinsurance)/i },
  { field: "toldOnePractitioner", pattern: /\b(one|practitioner)/i },
  { field: "toldRightToStop", pattern: /\b(stop|right|opt)/i },
];

function readTold(
  value: string | undefined,
  fields: EnrollLineFields,
  problems: EnrollLineProblem[],
): void {
  if (value === undefined) return;
  if (/^(all|yes)$/i.test(value.trim())) {
    fields.told = { toldCostSharing: true, toldOnePractitioner: true, toldRightToStop: true };
    return;
  }
  const told: Partial<Record<DisclosureField, boolean>> = {};
  for (const word of toldWords) if (word.pattern.test(value)) told[word.field] = true;
  if (Object.keys(told).length === 0) {
    problems.push({
      field: "toldCostSharing",
      text: `what the patient was told (“${value}”; write “told: all” for cost sharing, one practitioner a month and the right to stop)`,
    });
  }
  fields.told = told;
}

import type { ConsentType, Program } from "../../db/schema/index.ts";
import { isValidDate } from "../time/calendar.ts";
import { findControlCharacter } from "./control-characters.ts";

export interface EnrollmentInput {
  name: string;
  mrn: string;
  dateOfBirth?: string;
  conditions: string[];
  program: Program;
  consentType?: ConsentType;
  /** `YYYY-MM-DD`; consent must be on record before services start. */
  consentDate: string;
  consentObtainedBy: string;
  /** Undefined means "not recorded", which an update never reads as "not told". */
  toldCostSharing?: boolean;
  toldOnePractitioner?: boolean;
  toldRightToStop?: boolean;
  aliases?: string[];
}

/** One field that failed a rule, with wording that names the fix. */
export interface EnrollmentProblem {
  field: keyof EnrollmentInput;
  code: string;
  message: string;
}

/** Fewest chronic conditions per program: CCM needs two or more, PCM one high-risk condition. */
export const minimumConditions: Record<Program, number> = { ccm: 2, pcm: 1 };

export const mrnPattern = /^[A-Za-z0-9-]{3,20}$/;

/** The three facts a patient must be told before consenting, by their input field. */
export const disclosureFields = [
  "toldCostSharing",
  "toldOnePractitioner",
  "toldRightToStop",
] as const;
export type DisclosureField = (typeof disclosureFields)[number];

export const disclosureLabels: Record<DisclosureField, string> = {
  toldCostSharing: "cost sharing",
  toldOnePractitioner: "one practitioner a month",
  toldRightToStop: "the right to stop at month end",
};

/** The free-text fields of an enrollment, with the words a problem uses for each. The MRN has its own pattern. */
const textFields: {
  name: "name" | "conditions" | "consentObtainedBy" | "aliases";
  label: string;
}[] = [
  { name: "name", label: "The patient's name" },
  { name: "conditions", label: "The conditions" },
  { name: "consentObtainedBy", label: "Who obtained the consent" },
  { name: "aliases", label: "The aliases" },
];

/**
 * Checks each field against the enrollment rules; `today` is the practice's local date. Every
 * failure is returned, so a form or a command can show them all at once.
 */
export function validateEnrollment(input: EnrollmentInput, today: string): EnrollmentProblem[] {
  const problems: EnrollmentProblem[] = [];
  const add = (field: keyof EnrollmentInput, code: string, message: string) =>
    problems.push({ field, code, message });

  for (const field of textFields) {
    const value = input[field.name];
    const texts = Array.isArray(value) ? value : [value ?? ""];
    const found = texts.map(findControlCharacter).find((character) => character !== undefined);
    if (found) {
      add(
        field.name,
        "control_character",
        `${field.label} contains an invisible control character (${found}), which cannot be saved. Retype it without that character.`,
      );
    }
  }
  if (input.name.trim() === "") add("name", "missing_name", "The patient's name is missing.");
  if (!mrnPattern.test(input.mrn)) {
    add(
      "mrn",
      "invalid_mrn",
      "The MRN is missing or invalid: use 3 to 20 letters, digits or hyphens.",
    );
  }
  if (input.dateOfBirth !== undefined) {
    if (!isValidDate(input.dateOfBirth)) {
      add(
        "dateOfBirth",
        "invalid_date_of_birth",
        "The date of birth is not a date: use YYYY-MM-DD.",
      );
    } else if (input.dateOfBirth > today) {
      add("dateOfBirth", "future_date_of_birth", "The date of birth is in the future.");
    }
  }
  const needed = minimumConditions[input.program];
  // A condition written twice ("Diabetes, diabetes") is still one condition.
  const distinctConditions = new Set(
    input.conditions.map((item) => item.trim().toLowerCase()).filter((item) => item !== ""),
  ).size;
  if (distinctConditions < needed) {
    add(
      "conditions",
      "too_few_conditions",
      `${input.program.toUpperCase()} needs at least ${needed} chronic condition${needed > 1 ? "s" : ""}; ${distinctConditions} given.`,
    );
  }
  if (input.consentType === undefined) {
    add(
      "consentType",
      "missing_consent",
      "Consent is missing: record whether it was verbal or written.",
    );
  }
  if (!isValidDate(input.consentDate)) {
    add("consentDate", "invalid_consent_date", "The consent date is not a date: use YYYY-MM-DD.");
  } else if (input.consentDate > today) {
    add("consentDate", "future_consent_date", "The consent date is after today.");
  }
  if (input.consentObtainedBy.trim() === "") {
    add("consentObtainedBy", "missing_consent_obtained_by", "Who obtained the consent is missing.");
  }
  const notTold = disclosureFields.filter((field) => input[field] === false);
  if (notTold.length > 0) {
    add(
      notTold[0] as DisclosureField,
      "missing_disclosure",
      `The patient must be told about ${notTold.map((field) => disclosureLabels[field]).join(", ")} before consenting.`,
    );
  }
  return problems;
}

/** Conditions compared without case or surrounding spaces, so "Diabetes" equals "diabetes". */
export function sameConditions(left: readonly string[], right: readonly string[]): boolean {
  const fold = (list: readonly string[]) =>
    [...new Set(list.map((item) => item.trim().toLowerCase()))].sort().join("\n");
  return fold(left) === fold(right);
}

import type { ConsentType } from "../../../db/schema/index.ts";
import {
  type DisclosureField,
  type EnrollmentInput,
  validateEnrollment,
} from "../../services/enrollment-rules.ts";
import type { Enrollment } from "../../services/enrollment-status.ts";
import type { PatientLabel } from "../../services/patient-label.ts";
import { splitConditions } from "../../services/roster-row.ts";
import { readDate } from "../../time/read-date.ts";
import { type FormDefinition, type FormValues, listValue, textValue } from "./form.ts";

/** The checklist options for the three facts a patient must be told, by input field. */
const disclosureOptions: { value: string; field: DisclosureField; label: string }[] = [
  {
    value: "costSharing",
    field: "toldCostSharing",
    label: "Cost sharing: the patient may owe a copay or coinsurance each month",
  },
  {
    value: "onePractitioner",
    field: "toldOnePractitioner",
    label: "Only one practitioner can bill care management in a month",
  },
  {
    value: "rightToStop",
    field: "toldRightToStop",
    label: "The right to stop at any time, effective at the end of the month",
  },
];

/** The enrollment form every adapter shows; field ids match `EnrollmentInput` where they can. */
export const enrollmentForm: FormDefinition = {
  id: "enrollment",
  title: "Enroll a patient",
  submitLabel: "Review",
  fields: [
    { id: "name", label: "Patient name", kind: "text", maxLength: 100, placeholder: "Jane Doe" },
    {
      id: "dateOfBirth",
      label: "Date of birth",
      kind: "text",
      maxLength: 10,
      placeholder: "YYYY-MM-DD or M/D/YYYY",
    },
    { id: "mrn", label: "MRN", kind: "text", maxLength: 20, placeholder: "100234" },
    {
      id: "program",
      label: "Program",
      kind: "choice",
      options: [
        { value: "ccm", label: "CCM: two or more chronic conditions" },
        { value: "pcm", label: "PCM: one high-risk condition" },
      ],
    },
    {
      id: "conditions",
      label: "Chronic conditions",
      kind: "multiline",
      maxLength: 500,
      hint: "One a line, or separated by commas. CCM needs at least two.",
    },
    {
      id: "consentType",
      label: "Consent",
      kind: "choice",
      options: [
        { value: "verbal", label: "Verbal" },
        { value: "written", label: "Written" },
      ],
    },
    { id: "consentDate", label: "Consent date", kind: "date" },
    { id: "consentObtainedBy", label: "Consent obtained by", kind: "text", maxLength: 100 },
    {
      id: "disclosures",
      label: "The patient was told about",
      kind: "checklist",
      options: disclosureOptions.map(({ value, label }) => ({ value, label })),
      hint: "All three are required before the patient consents.",
    },
  ],
};

/** Problems keyed by form field id, one message each, for showing on the field itself. */
export type FieldErrors = Record<string, string>;

/**
 * Reads submitted form values into enrollment input and checks them with the enrollment rules.
 * `today` is the practice's local date. Every problem is returned, each on its field.
 */
export function readEnrollmentForm(
  values: FormValues,
  today: string,
): { input: EnrollmentInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const dateOfBirth = readFormDate(values, "dateOfBirth", "date of birth", errors);
  const consentDate = readFormDate(values, "consentDate", "consent date", errors);
  const checked = listValue(values, "disclosures");
  const input: EnrollmentInput = {
    name: textValue(values, "name"),
    mrn: textValue(values, "mrn").replace(/^#/, ""),
    dateOfBirth,
    program: textValue(values, "program") === "pcm" ? "pcm" : "ccm",
    conditions: splitConditions(textValue(values, "conditions")),
    consentType: readConsentType(textValue(values, "consentType")),
    consentDate: consentDate ?? today,
    consentObtainedBy: textValue(values, "consentObtainedBy"),
  };
  for (const option of disclosureOptions) input[option.field] = checked.includes(option.value);

  for (const problem of validateEnrollment(input, today)) {
    const fieldId = problem.field.startsWith("told") ? "disclosures" : problem.field;
    errors[fieldId] ??= problem.message;
  }
  return { input, errors };
}

function readFormDate(
  values: FormValues,
  id: string,
  label: string,
  errors: FieldErrors,
): string | undefined {
  const text = textValue(values, id);
  if (text === "") {
    errors[id] = `The ${label} is missing.`;
    return undefined;
  }
  const date = readDate(text);
  if (!date) errors[id] = `“${text}” is not a date: use YYYY-MM-DD or M/D/YYYY.`;
  return date;
}

function readConsentType(value: string): ConsentType | undefined {
  return value === "verbal" || value === "written" ? value : undefined;
}

/** Values a blank form starts with: CCM, today's consent date and the user as who obtained it. */
export function blankEnrollmentValues(today: string, userName: string | undefined): FormValues {
  return { program: "ccm", consentDate: today, consentObtainedBy: userName ?? "" };
}

/**
 * Values for enrolling a known patient again, from the roster and their latest period, so the
 * coordinator only confirms the consent. Consent and disclosures are left to be filled in.
 */
export function knownPatientValues(
  patient: PatientLabel,
  latest: Enrollment | undefined,
  today: string,
  userName: string | undefined,
): FormValues {
  return {
    ...blankEnrollmentValues(today, userName),
    name: patient.name,
    mrn: patient.mrn,
    dateOfBirth: patient.dateOfBirth ?? undefined,
    program: latest?.program ?? "ccm",
    conditions: latest?.conditions.join("\n"),
    consentType: latest?.consentType,
  };
}

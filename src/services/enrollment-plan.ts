import { addDays } from "../time/calendar.ts";
import {
  disclosureFields,
  type EnrollmentInput,
  type EnrollmentProblem,
  sameConditions,
  validateEnrollment,
} from "./enrollment-rules.ts";
import type { Enrollment } from "./enrollment-status.ts";
import { normalizePatientName } from "./normalize-name.ts";

/** The patient columns an enrollment reads and may correct. */
export interface PatientRecord {
  id: number;
  name: string;
  mrn: string;
  dateOfBirth: string | null;
}

/** One value an enrollment changes, as text for the confirmation step and the audit row. */
export interface EnrollmentChange {
  /** `patient` changes the patient row, `enrollment` the open period, `consent` its consent. */
  group: "patient" | "enrollment" | "consent";
  field: keyof EnrollmentInput | "startsOn";
  from: string;
  to: string;
}

/**
 * What enrolling would do, decided before anything is written so that a form can show it for
 * confirmation and the write can follow the same plan.
 */
export type EnrollmentPlan =
  | { kind: "invalid"; problems: EnrollmentProblem[] }
  | { kind: "new_patient"; startsOn: string }
  | {
      kind: "new_period";
      patient: PatientRecord;
      startsOn: string;
      /** The latest earlier period, when the patient was enrolled before. */
      previous?: Enrollment;
      changes: EnrollmentChange[];
    }
  | {
      kind: "update";
      patient: PatientRecord;
      enrollment: Enrollment;
      changes: EnrollmentChange[];
    }
  | { kind: "unchanged"; patient: PatientRecord; enrollment: Enrollment };

/**
 * Plans an enrollment against what is on file. `periods` are the patient's enrollment periods,
 * newest first; `today` is the practice's local date.
 *
 * Periods never overlap. A patient with an open period (no end date) gets that period updated:
 * changed conditions, program or consent type, an earlier consent date, newly confirmed
 * disclosures. A later consent date never replaces an earlier one, because time already logged
 * rests on it. Otherwise a new period starts on the consent date, or on the day after the
 * previous period ends when that is later.
 */
export function planEnrollment(
  input: EnrollmentInput,
  today: string,
  existing: { patient: PatientRecord; periods: Enrollment[] } | undefined,
): EnrollmentPlan {
  const problems = validateEnrollment(input, today);
  if (problems.length > 0) return { kind: "invalid", problems };
  if (!existing) return { kind: "new_patient", startsOn: input.consentDate };

  const { patient, periods } = existing;
  if (normalizePatientName(patient.name) !== normalizePatientName(input.name)) {
    return {
      kind: "invalid",
      problems: [
        {
          field: "mrn",
          code: "duplicate_mrn",
          message: `MRN ${input.mrn} already belongs to another patient. Check the MRN.`,
        },
      ],
    };
  }

  const patientChanges = diffPatient(patient, input);
  const [latest, beforeLatest] = periods;
  if (latest && latest.endsOn === null) {
    const changes = [...patientChanges, ...diffOpenPeriod(latest, beforeLatest, input)];
    if (changes.length === 0) return { kind: "unchanged", patient, enrollment: latest };
    return { kind: "update", patient, enrollment: latest, changes };
  }
  return {
    kind: "new_period",
    patient,
    startsOn: startAfter(latest, input.consentDate),
    previous: latest,
    changes: patientChanges,
  };
}

/** The first covered day: the consent date, or the day after `previous` ends if that is later. */
function startAfter(previous: Enrollment | undefined, consentDate: string): string {
  if (!previous?.endsOn) return consentDate;
  const dayAfter = addDays(previous.endsOn, 1);
  return dayAfter > consentDate ? dayAfter : consentDate;
}

function diffPatient(patient: PatientRecord, input: EnrollmentInput): EnrollmentChange[] {
  if (input.dateOfBirth === undefined || input.dateOfBirth === patient.dateOfBirth) return [];
  return [
    {
      group: "patient",
      field: "dateOfBirth",
      from: patient.dateOfBirth ?? "none",
      to: input.dateOfBirth,
    },
  ];
}

function diffOpenPeriod(
  open: Enrollment,
  previous: Enrollment | undefined,
  input: EnrollmentInput,
): EnrollmentChange[] {
  const changes: EnrollmentChange[] = [];
  if (input.program !== open.program) {
    changes.push({ group: "enrollment", field: "program", from: open.program, to: input.program });
  }
  if (!sameConditions(open.conditions, input.conditions)) {
    changes.push({
      group: "enrollment",
      field: "conditions",
      from: open.conditions.join(", "),
      to: input.conditions.join(", "),
    });
  }
  changes.push(...diffConsent(open, previous, input));
  return changes;
}

function diffConsent(
  open: Enrollment,
  previous: Enrollment | undefined,
  input: EnrollmentInput,
): EnrollmentChange[] {
  const changes: EnrollmentChange[] = [];
  const add = (field: EnrollmentChange["field"], from: string, to: string) =>
    changes.push({ group: "consent", field, from, to });

  if (input.consentType !== undefined && input.consentType !== open.consentType) {
    add("consentType", open.consentType, input.consentType);
  }
  if (input.consentDate < open.consentDate) {
    add("consentDate", open.consentDate, input.consentDate);
    const startsOn = startAfter(previous, input.consentDate);
    if (startsOn < open.startsOn) add("startsOn", open.startsOn, startsOn);
  }
  // Who obtained consent belongs to a consent event, so it changes only along with one.
  const consentChanged = changes.length > 0;
  if (consentChanged && input.consentObtainedBy !== open.consentObtainedBy) {
    add("consentObtainedBy", open.consentObtainedBy, input.consentObtainedBy);
  }
  for (const field of disclosureFields) {
    if (input[field] === true && !open[field]) add(field, "no", "yes");
  }
  return changes;
}

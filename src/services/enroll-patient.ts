import { eq, sql } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { type ConsentType, enrollments, type Program, patients } from "../../db/schema/index.ts";
import { isValidDate, localDateOf } from "../time/calendar.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceContext } from "./context.ts";
import { coversDate, enrollmentsOf } from "./enrollment-status.ts";
import { normalizePatientName } from "./normalize-name.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import type { Provider } from "./providers.ts";

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

export type EnrollResult =
  | { status: "enrolled"; patient: PatientLabel; enrollmentId: number; newPatient: boolean }
  | { status: "already_enrolled"; patient: PatientLabel; enrollmentId: number }
  | { status: "invalid"; problems: EnrollmentProblem[] };

/** Minimum number of chronic conditions per program: CCM needs two or more, PCM one high-risk condition. */
export const minimumConditions: Record<Program, number> = { ccm: 2, pcm: 1 };

const mrnPattern = /^[A-Za-z0-9-]{3,20}$/;

/**
 * Enrolls a patient with documented consent, creating the patient on first enrollment. Every rule
 * is checked before anything is written, and all failures are returned together.
 */
export async function enrollPatient(
  context: ServiceContext,
  actor: Provider,
  input: EnrollmentInput,
): Promise<EnrollResult> {
  const today = localDateOf(context.now(), context.timeZone);
  const problems = validateEnrollment(input, today);
  if (problems.length > 0) return { status: "invalid", problems };

  return context.db.transaction(async (tx) => {
    const existing = await findPatientByMrn(tx, input.mrn);
    if (existing && normalizePatientName(existing.name) !== normalizePatientName(input.name)) {
      return invalid(
        "mrn",
        "duplicate_mrn",
        `MRN ${input.mrn} already belongs to another patient. Check the MRN.`,
      );
    }
    const patient = existing ?? (await insertPatient(tx, input));
    const periods = await enrollmentsOf(tx, patient.id);
    const current = periods.find((period) => coversDate(period, today) || period.startsOn > today);
    if (current) {
      return {
        status: "already_enrolled",
        patient: labelPatient(patient),
        enrollmentId: current.id,
      };
    }
    const enrollmentId = await insertEnrollment(tx, patient.id, actor, input);
    return {
      status: "enrolled",
      patient: labelPatient(patient),
      enrollmentId,
      newPatient: !existing,
    };
  });
}

function invalid(field: keyof EnrollmentInput, code: string, message: string): EnrollResult {
  return { status: "invalid", problems: [{ field, code, message }] };
}

/** Checks each field against the enrollment rules; `today` is the practice's local date. */
export function validateEnrollment(input: EnrollmentInput, today: string): EnrollmentProblem[] {
  const problems: EnrollmentProblem[] = [];
  const add = (field: keyof EnrollmentInput, code: string, message: string) =>
    problems.push({ field, code, message });

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
  if (input.conditions.length < needed) {
    add(
      "conditions",
      "too_few_conditions",
      `${input.program.toUpperCase()} needs at least ${needed} chronic condition${needed > 1 ? "s" : ""}; ${input.conditions.length} given.`,
    );
  }
  if (input.consentType === undefined) {
    add(
      "consentType",
      "missing_consent",
      "Consent is missing: add “consent: verbal” or “consent: written”.",
    );
  }
  if (!isValidDate(input.consentDate)) {
    add("consentDate", "invalid_consent_date", "The consent date is not a date: use YYYY-MM-DD.");
  } else if (input.consentDate > today) {
    add("consentDate", "future_consent_date", "The consent date is after today.");
  }
  return problems;
}

async function findPatientByMrn(tx: Transaction, mrn: string) {
  const [row] = await tx.select().from(patients).where(eq(patients.mrn, mrn));
  return row;
}

async function insertPatient(tx: Transaction, input: EnrollmentInput) {
  const [row] = await tx
    .insert(patients)
    .values({
      name: input.name.trim(),
      nameNormalized: normalizePatientName(input.name),
      mrn: input.mrn,
      dateOfBirth: input.dateOfBirth,
      aliases: input.aliases ?? [],
    })
    .returning();
  if (!row) throw new Error("Inserting a patient returned no row");
  return row;
}

async function insertEnrollment(
  tx: Transaction,
  patientId: number,
  actor: Provider,
  input: EnrollmentInput,
): Promise<number> {
  const [row] = await tx
    .insert(enrollments)
    .values({
      patientId,
      program: input.program,
      conditions: input.conditions,
      consentType: input.consentType ?? "verbal",
      consentDate: input.consentDate,
      consentObtainedBy: input.consentObtainedBy,
      toldCostSharing: input.toldCostSharing ?? false,
      toldOnePractitioner: input.toldOnePractitioner ?? false,
      toldRightToStop: input.toldRightToStop ?? false,
      startsOn: input.consentDate,
      enrolledByProviderId: actor.id,
    })
    .returning({ id: enrollments.id });
  if (!row) throw new Error("Inserting an enrollment returned no row");
  await tx.update(patients).set({ updatedAt: sql`now()` }).where(eq(patients.id, patientId));
  await recordAudit(tx, {
    actorProviderId: actor.id,
    action: "enrollment.create",
    entity: "enrollment",
    entityId: row.id,
    details: {
      patientId,
      program: input.program,
      conditionCount: input.conditions.length,
      consentType: input.consentType,
      consentDate: input.consentDate,
      consentObtainedBy: input.consentObtainedBy,
    },
  });
  return row.id;
}

import { eq, sql } from "drizzle-orm";
import type { Executor, Transaction } from "../../db/client.ts";
import { enrollments, patients } from "../../db/schema/index.ts";
import { localDateOf } from "../time/calendar.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceContext } from "./context.ts";
import {
  type EnrollmentChange,
  type EnrollmentPlan,
  type PatientRecord,
  planEnrollment,
} from "./enrollment-plan.ts";
import {
  type EnrollmentInput,
  type EnrollmentProblem,
  validateEnrollment,
} from "./enrollment-rules.ts";
import { enrollmentsOf } from "./enrollment-status.ts";
import { normalizePatientName } from "./normalize-name.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import { patientLabelColumns } from "./patients.ts";
import type { Provider } from "./providers.ts";

export {
  type EnrollmentInput,
  type EnrollmentProblem,
  minimumConditions,
  validateEnrollment,
} from "./enrollment-rules.ts";

export type EnrollResult =
  | {
      status: "enrolled";
      patient: PatientLabel;
      enrollmentId: number;
      newPatient: boolean;
      /** First covered day, `YYYY-MM-DD`. */
      startsOn: string;
    }
  | {
      status: "updated";
      patient: PatientLabel;
      enrollmentId: number;
      changes: EnrollmentChange[];
    }
  | { status: "already_enrolled"; patient: PatientLabel; enrollmentId: number }
  | { status: "invalid"; problems: EnrollmentProblem[] };

/**
 * Enrolls a patient with documented consent, creating the patient on first enrollment, or
 * updates the open enrollment as `planEnrollment` describes. Every rule is checked before
 * anything is written, all failures are returned together, and each change gets an audit row.
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
    const plan = planEnrollment(input, today, await loadExisting(tx, input.mrn, true));
    if (plan.kind !== "new_patient") return applyPlan(tx, actor, input, plan);

    const inserted = await insertPatient(tx, input);
    if (inserted) return createEnrollment(tx, actor, input, inserted, plan.startsOn, true);
    // Another request created this MRN a moment ago; plan again against that patient.
    const again = planEnrollment(input, today, await loadExisting(tx, input.mrn, true));
    if (again.kind === "new_patient")
      throw new Error(`Patient ${input.mrn} vanished during enroll`);
    return applyPlan(tx, actor, input, again);
  });
}

/** What `enrollPatient` would do now, without writing; for a confirmation step. */
export async function previewEnrollment(
  context: ServiceContext,
  input: EnrollmentInput,
): Promise<EnrollmentPlan> {
  const today = localDateOf(context.now(), context.timeZone);
  return planEnrollment(input, today, await loadExisting(context.db, input.mrn, false));
}

async function loadExisting(executor: Executor, mrn: string, lock: boolean) {
  const query = executor.select(patientLabelColumns).from(patients).where(eq(patients.mrn, mrn));
  // The row lock makes concurrent enrollments of one patient run one after the other.
  const [patient] = lock ? await query.for("update") : await query;
  if (!patient) return undefined;
  return { patient, periods: await enrollmentsOf(executor, patient.id) };
}

async function applyPlan(
  tx: Transaction,
  actor: Provider,
  input: EnrollmentInput,
  plan: Exclude<EnrollmentPlan, { kind: "new_patient" }>,
): Promise<EnrollResult> {
  switch (plan.kind) {
    case "invalid":
      return { status: "invalid", problems: plan.problems };
    case "unchanged":
      return {
        status: "already_enrolled",
        patient: labelPatient(plan.patient),
        enrollmentId: plan.enrollment.id,
      };
    case "new_period": {
      const patient = await updatePatient(tx, actor, plan.patient, plan.changes);
      return createEnrollment(tx, actor, input, patient, plan.startsOn, false);
    }
    case "update": {
      const patient = await updatePatient(tx, actor, plan.patient, plan.changes);
      await updateEnrollment(tx, actor, input, plan.enrollment.id, patient.id, plan.changes);
      return {
        status: "updated",
        patient: labelPatient(patient),
        enrollmentId: plan.enrollment.id,
        changes: plan.changes,
      };
    }
  }
}

async function insertPatient(
  tx: Transaction,
  input: EnrollmentInput,
): Promise<PatientRecord | undefined> {
  const [row] = await tx
    .insert(patients)
    .values({
      name: input.name.trim(),
      nameNormalized: normalizePatientName(input.name),
      mrn: input.mrn,
      dateOfBirth: input.dateOfBirth,
      aliases: input.aliases ?? [],
    })
    .onConflictDoNothing({ target: patients.mrn })
    .returning({
      id: patients.id,
      name: patients.name,
      mrn: patients.mrn,
      dateOfBirth: patients.dateOfBirth,
    });
  return row;
}

/** Applies the patient-row changes of a plan (a corrected date of birth) with their audit row. */
async function updatePatient(
  tx: Transaction,
  actor: Provider,
  patient: PatientRecord,
  changes: EnrollmentChange[],
): Promise<PatientRecord> {
  const patientChanges = changes.filter((change) => change.group === "patient");
  const dateOfBirth = patientChanges.find((change) => change.field === "dateOfBirth")?.to;
  if (dateOfBirth === undefined) return patient;
  await tx
    .update(patients)
    .set({ dateOfBirth, updatedAt: sql`now()` })
    .where(eq(patients.id, patient.id));
  await recordAudit(tx, {
    actorProviderId: actor.id,
    action: "patient.update",
    entity: "patient",
    entityId: patient.id,
    details: { changes: patientChanges },
  });
  return { ...patient, dateOfBirth };
}

async function createEnrollment(
  tx: Transaction,
  actor: Provider,
  input: EnrollmentInput,
  patient: PatientRecord,
  startsOn: string,
  newPatient: boolean,
): Promise<EnrollResult> {
  const [row] = await tx
    .insert(enrollments)
    .values({
      patientId: patient.id,
      program: input.program,
      conditions: input.conditions,
      consentType: input.consentType ?? "verbal",
      consentDate: input.consentDate,
      consentObtainedBy: input.consentObtainedBy,
      toldCostSharing: input.toldCostSharing ?? false,
      toldOnePractitioner: input.toldOnePractitioner ?? false,
      toldRightToStop: input.toldRightToStop ?? false,
      startsOn,
      enrolledByProviderId: actor.id,
    })
    .returning({ id: enrollments.id });
  if (!row) throw new Error("Inserting an enrollment returned no row");
  await tx.update(patients).set({ updatedAt: sql`now()` }).where(eq(patients.id, patient.id));
  await recordAudit(tx, {
    actorProviderId: actor.id,
    action: "enrollment.create",
    entity: "enrollment",
    entityId: row.id,
    details: {
      patientId: patient.id,
      newPatient,
      program: input.program,
      conditions: input.conditions,
      startsOn,
      consentType: input.consentType,
      consentDate: input.consentDate,
      consentObtainedBy: input.consentObtainedBy,
      toldCostSharing: input.toldCostSharing ?? false,
      toldOnePractitioner: input.toldOnePractitioner ?? false,
      toldRightToStop: input.toldRightToStop ?? false,
    },
  });
  return {
    status: "enrolled",
    patient: labelPatient(patient),
    enrollmentId: row.id,
    newPatient,
    startsOn,
  };
}

/** Writes the enrollment and consent changes of a plan, one audit row for each group. */
async function updateEnrollment(
  tx: Transaction,
  actor: Provider,
  input: EnrollmentInput,
  enrollmentId: number,
  patientId: number,
  changes: EnrollmentChange[],
): Promise<void> {
  const values: Partial<typeof enrollments.$inferInsert> = {};
  for (const change of changes) {
    if (change.group !== "patient") assignChange(values, change, input);
  }
  if (Object.keys(values).length === 0) return;
  await tx.update(enrollments).set(values).where(eq(enrollments.id, enrollmentId));

  for (const group of ["enrollment", "consent"] as const) {
    const groupChanges = changes.filter((change) => change.group === group);
    if (groupChanges.length === 0) continue;
    await recordAudit(tx, {
      actorProviderId: actor.id,
      action: `${group}.update`,
      entity: "enrollment",
      entityId: enrollmentId,
      details: { patientId, changes: groupChanges },
    });
  }
}

/** Copies the changed field from the input; the start date is the only derived value. */
function assignChange(
  values: Partial<typeof enrollments.$inferInsert>,
  change: EnrollmentChange,
  input: EnrollmentInput,
): void {
  switch (change.field) {
    case "program":
      values.program = input.program;
      break;
    case "conditions":
      values.conditions = input.conditions;
      break;
    case "consentType":
      values.consentType = input.consentType;
      break;
    case "consentDate":
      values.consentDate = input.consentDate;
      break;
    case "startsOn":
      values.startsOn = change.to;
      break;
    case "consentObtainedBy":
      values.consentObtainedBy = input.consentObtainedBy;
      break;
    case "toldCostSharing":
    case "toldOnePractitioner":
    case "toldRightToStop":
      values[change.field] = true;
      break;
  }
}

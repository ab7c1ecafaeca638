import { inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { patients } from "../../db/schema/index.ts";
import type { ServiceContext } from "./context.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";

/** The columns `labelPatient` reads, for queries that return patient labels. */
export const patientLabelColumns = {
  id: patients.id,
  name: patients.name,
  mrn: patients.mrn,
  dateOfBirth: patients.dateOfBirth,
};

/** Most patients offered as choices; a first name alone can fit thousands on a large roster. */
export const maxCandidates = 8;

/** Labels for patient ids, in the order given; unknown ids are skipped. */
export async function labelPatients(
  context: ServiceContext,
  ids: number[],
): Promise<PatientLabel[]> {
  return labelPatientsWith(context.db, ids);
}

/**
 * Labels for patient ids read through `executor`, which inside a transaction must be that
 * transaction: PGlite has one connection, so a query beside an open transaction waits forever.
 */
export async function labelPatientsWith(
  executor: Executor,
  ids: number[],
): Promise<PatientLabel[]> {
  if (ids.length === 0) return [];
  const rows = await executor
    .select(patientLabelColumns)
    .from(patients)
    .where(inArray(patients.id, ids));
  const byId = new Map(rows.map((row) => [row.id, labelPatient(row)]));
  return ids
    .map((id) => byId.get(id))
    .filter((label): label is PatientLabel => label !== undefined);
}

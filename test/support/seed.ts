import type { Database } from "../../db/client.ts";
import { type ProviderRole, providers } from "../../db/schema/index.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { type EnrollmentInput, enrollPatient } from "../../src/services/enroll-patient.ts";
import { type LogEncounterResult, logEncounter } from "../../src/services/log-encounter.ts";
import type { Provider } from "../../src/services/providers.ts";

export async function addProvider(
  db: Database,
  fields: { userId: string; role?: ProviderRole; platform?: Provider["platform"] },
): Promise<Provider> {
  const [row] = await db
    .insert(providers)
    .values({
      platform: fields.platform ?? "slack",
      platformUserId: fields.userId,
      role: fields.role ?? "clinical_staff",
    })
    .returning();
  if (!row) throw new Error("provider insert returned nothing");
  return row;
}

/** Enrolls a CCM patient with verbal consent; returns the patient id. */
export async function enrollTestPatient(
  context: ServiceContext,
  actor: Provider,
  fields: Partial<EnrollmentInput> & { name: string; mrn: string },
): Promise<number> {
  const result = await enrollPatient(context, actor, {
    dateOfBirth: "1950-04-02",
    conditions: ["diabetes", "hypertension"],
    program: "ccm",
    consentType: "verbal",
    consentDate: "2025-12-01",
    consentObtainedBy: "Nurse Test",
    ...fields,
  });
  if (result.status !== "enrolled") throw new Error(`enrollment failed: ${JSON.stringify(result)}`);
  return result.patient.id;
}

let seededMessages = 0;

/** Logs minutes through the real service, each as a new chat message; throws when refused. */
export async function logMinutes(
  context: ServiceContext,
  provider: Provider,
  patientId: number,
  minutes: number,
  serviceDate: string,
): Promise<Exclude<LogEncounterResult, { status: "refused" }>> {
  seededMessages += 1;
  const result = await logEncounter(context, {
    patientId,
    provider,
    minutes,
    serviceDate,
    note: "care coordination",
    source: { platform: "slack", channel: "CSEED", messageId: `seed.${seededMessages}` },
  });
  if (result.status !== "recorded") throw new Error(`log failed: ${JSON.stringify(result)}`);
  return result;
}

import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { providers } from "../../db/schema/index.ts";
import type { MonthEvaluation, NotBilledReason } from "../billing/earned-claims.ts";
import { billingPatientTag, queueBillingNote } from "./billing-posts.ts";
import type { ServiceContext } from "./context.ts";
import { providerLabel } from "./month-lock.ts";
import type { Provider } from "./providers.ts";

export interface UnbilledLog {
  reason: NotBilledReason;
  billingPractitioner?: string;
}

/**
 * Flags a just-logged encounter that counts toward no claim: a second practitioner's time in a
 * month another practitioner bills, or time in the program not billed that month. The time stays
 * on record; billing staff get a note in the caller's transaction to sort it out.
 */
export async function noteUnbilledLog(
  context: ServiceContext,
  executor: Executor,
  fields: {
    patientId: number;
    encounterId: number;
    provider: Provider;
    minutes: number;
    evaluation: MonthEvaluation;
  },
): Promise<UnbilledLog | undefined> {
  const entry = fields.evaluation.notBilled.find(
    (candidate) => candidate.encounterId === fields.encounterId,
  );
  if (!entry) return undefined;

  const practitioner =
    entry.practitionerId === undefined
      ? undefined
      : await findProviderLabel(executor, entry.practitionerId);
  const patient = await billingPatientTag(executor, fields.patientId);
  if (patient) {
    await queueBillingNote(context, executor, {
      ...patient,
      month: fields.evaluation.month,
      note: "log_not_billed",
      reason: entry.reason,
      minutes: fields.minutes,
      loggedBy: providerLabel(fields.provider),
      ...(practitioner ? { billingPractitioner: practitioner } : {}),
    });
  }
  return { reason: entry.reason, ...(practitioner ? { billingPractitioner: practitioner } : {}) };
}

async function findProviderLabel(executor: Executor, providerId: number) {
  const [row] = await executor.select().from(providers).where(eq(providers.id, providerId));
  return row ? providerLabel(row) : undefined;
}

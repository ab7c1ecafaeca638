import { eq, sql } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { encounters } from "../../db/schema/index.ts";
import { recordAudit } from "./audit.ts";
import type { EncounterRow } from "./encounter-changes.ts";
import type { MessageSource } from "./log-encounter.ts";
import type { Provider } from "./providers.ts";

/** The values of an edited log: the fields an edit may change on its encounter. */
export interface LogValues {
  patientId: number;
  minutes: number;
  /** Local service date, `YYYY-MM-DD` in the practice time zone. */
  serviceDate: string;
  note: string;
}

/** Raised inside an edit's transaction when another request changed the same message meanwhile. */
export class ConcurrentEditError extends Error {}

export function hasValues(row: EncounterRow, values: LogValues): boolean {
  return (
    row.patientId === values.patientId &&
    row.minutes === values.minutes &&
    row.serviceDate === values.serviceDate &&
    row.note === values.note
  );
}

/** Writes edited values onto an encounter and makes it count again if an edit had voided it. */
export async function updateEncounterValues(
  tx: Transaction,
  existing: EncounterRow,
  values: LogValues,
  revision: string | undefined,
): Promise<number> {
  await tx
    .update(encounters)
    .set({
      ...values,
      sourceRevision: revision ?? existing.sourceRevision,
      voidedAt: null,
      voidReason: null,
      updatedAt: sql`now()`,
    })
    .where(eq(encounters.id, existing.id));
  return existing.id;
}

/** Marks the message version an unchanged encounter reflects, so older edit events are skipped. */
export async function markRevision(
  tx: Transaction,
  existing: EncounterRow,
  revision: string | undefined,
): Promise<void> {
  if (revision === undefined) return;
  await tx
    .update(encounters)
    .set({ sourceRevision: revision })
    .where(eq(encounters.id, existing.id));
}

/**
 * Records an encounter for a message that was not a log until it was edited. Raises
 * ConcurrentEditError when the original message was recorded meanwhile, so the edit is applied
 * again as an update of that row.
 */
export async function insertEditedEncounter(
  tx: Transaction,
  source: MessageSource,
  revision: string | undefined,
  provider: Provider,
  values: LogValues,
): Promise<number> {
  const [row] = await tx
    .insert(encounters)
    .values({
      ...values,
      providerId: provider.id,
      providerRole: provider.role,
      sourcePlatform: source.platform,
      sourceChannel: source.channel,
      sourceMessageId: source.messageId,
      sourceLink: source.link,
      sourceRevision: revision,
    })
    .onConflictDoNothing({
      target: [encounters.sourcePlatform, encounters.sourceChannel, encounters.sourceMessageId],
    })
    .returning({ id: encounters.id });
  if (!row) throw new ConcurrentEditError();
  return row.id;
}

export interface EncounterAudit {
  action: "encounter.edit" | "encounter.create" | "encounter.void";
  reason: "edited" | "deleted";
  actorProviderId?: number;
  encounterId: number;
  revision?: string;
  before?: EncounterRow;
  after?: LogValues;
}

/**
 * Appends the audit row of an edit or deletion, with the values before and after. The note is
 * kept here because the audit trail must show what changed; it never goes to a log line.
 */
export async function auditEncounterChange(tx: Transaction, audit: EncounterAudit): Promise<void> {
  const before = audit.before
    ? {
        patientId: audit.before.patientId,
        minutes: audit.before.minutes,
        serviceDate: audit.before.serviceDate,
        note: audit.before.note,
        voidReason: audit.before.voidReason,
      }
    : null;
  await recordAudit(tx, {
    actorProviderId: audit.actorProviderId,
    action: audit.action,
    entity: "encounter",
    entityId: audit.encounterId,
    details: {
      reason: audit.reason,
      revision: audit.revision ?? null,
      before,
      after: audit.after ?? null,
    },
  });
}

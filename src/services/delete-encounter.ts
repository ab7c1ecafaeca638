import type { Transaction } from "../../db/client.ts";
import { monthOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";
import type { EditOutcome } from "./edit-outcome.ts";
import { auditEncounterChange, ConcurrentEditError } from "./edited-encounter-rows.ts";
import {
  findEditLock,
  findEncounterBySource,
  lockPatients,
  voidEncounter,
} from "./encounter-changes.ts";
import type { MessageSource } from "./log-encounter.ts";
import { cancelPendingLog } from "./pending-logs.ts";

const maxAttempts = 3;

/**
 * Voids the encounter of a deleted chat message and re-evaluates its patient-month in one
 * transaction; a waiting log of the message is cancelled. The platform does not say who deleted
 * the message, so the audit row has no actor. A message that recorded nothing, or a repeated
 * deletion event, returns `ignored`.
 */
export async function applyMessageDeletion(
  context: ServiceContext,
  source: MessageSource,
): Promise<EditOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const outcome = await context.db.transaction((tx) =>
        deleteInTransaction(context, tx, source),
      );
      const queuedPosts =
        (outcome.kind === "voided" && outcome.entry.claimChanges.length > 0) ||
        outcome.kind === "edit_locked";
      if (queuedPosts) context.onOutboxWrite?.();
      return outcome;
    } catch (error) {
      if (!(error instanceof ConcurrentEditError) || attempt >= maxAttempts) throw error;
    }
  }
}

async function deleteInTransaction(
  context: ServiceContext,
  tx: Transaction,
  source: MessageSource,
): Promise<EditOutcome> {
  await cancelPendingLog(tx, source);
  const seen = await findEncounterBySource(tx, source);
  if (!seen || seen.voidedAt !== null) return { kind: "ignored" };

  // Patient first, then the encounter row, as every other service locks them.
  const labels = await lockPatients(tx, [seen.patientId]);
  const current = await findEncounterBySource(tx, source, true);
  if (current?.patientId !== seen.patientId) throw new ConcurrentEditError();
  const patient = labels.get(current.patientId);
  if (!patient || current.voidedAt !== null) return { kind: "ignored" };

  const month = monthOf(current.serviceDate);
  const lock = await findEditLock(context, tx, [{ patientId: current.patientId, month }], {
    action: "delete",
  });
  if (lock) return { kind: "edit_locked", patient, ...lock };

  const entry = await voidEncounter(context, tx, current, patient, "deleted");
  if (!entry) return { kind: "ignored" };
  await auditEncounterChange(tx, {
    action: "encounter.void",
    reason: "deleted",
    encounterId: current.id,
    before: current,
  });
  return { kind: "voided", reason: "deleted", entry };
}

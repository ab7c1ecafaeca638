import type { PendingLogStatus } from "../../db/schema/index.ts";
import type { ServiceContext } from "./context.ts";
import { findEncounterBySource } from "./encounter-source.ts";
import type { MessageSource } from "./log-encounter.ts";
import { findPendingLogBySource } from "./pending-logs.ts";

/** The row the database already has for one chat message: its encounter or its pending log. */
export type MessageRecord =
  | {
      kind: "encounter";
      encounterId: number;
      minutes: number;
      /** Local service date, `YYYY-MM-DD` in the practice time zone. */
      serviceDate: string;
      /** True when the encounter was undone or deleted since. */
      voided: boolean;
    }
  | { kind: "pending_log"; pendingLogId: number; status: PendingLogStatus };

/**
 * Looks up what a message left behind, by the same platform, channel and message id key that
 * makes encounters and pending logs unique. An encounter wins over a pending log, because
 * choosing a patient records the encounter under the waiting log's message key.
 */
export async function findMessageRecord(
  context: ServiceContext,
  source: MessageSource,
): Promise<MessageRecord | undefined> {
  const encounter = await findEncounterBySource(context.db, source);
  if (encounter) {
    return {
      kind: "encounter",
      encounterId: encounter.id,
      minutes: encounter.minutes,
      serviceDate: encounter.serviceDate,
      voided: encounter.voidedAt !== null,
    };
  }

  const pending = await findPendingLogBySource(context.db, source);
  return pending
    ? { kind: "pending_log", pendingLogId: pending.id, status: pending.status }
    : undefined;
}

import { and, eq, gte, isNull, lt, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { encounters } from "../../db/schema/index.ts";
import { monthBounds } from "../time/calendar.ts";
import type { MessageSource } from "./log-encounter.ts";

export type EncounterRow = typeof encounters.$inferSelect;

/** Matches the encounter recorded from one chat message; the triple is unique. */
export function recordedFrom(source: MessageSource): SQL | undefined {
  return and(
    eq(encounters.sourcePlatform, source.platform),
    eq(encounters.sourceChannel, source.channel),
    eq(encounters.sourceMessageId, source.messageId),
  );
}

/** Active (not undone) encounters with a service date in `month` (`YYYY-MM`). */
export function activeInMonth(month: string): SQL | undefined {
  const { first, next } = monthBounds(month);
  return and(
    gte(encounters.serviceDate, first),
    lt(encounters.serviceDate, next),
    isNull(encounters.voidedAt),
  );
}

/** Finds the encounter recorded from a chat message, active or voided; `lock` takes its row lock. */
export async function findEncounterBySource(
  executor: Executor,
  source: MessageSource,
  lock = false,
): Promise<EncounterRow | undefined> {
  const query = executor.select().from(encounters).where(recordedFrom(source));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

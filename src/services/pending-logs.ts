import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { type PendingLogStatus, pendingLogs } from "../../db/schema/index.ts";
import type { ServiceContext } from "./context.ts";
import { removeControlCharacters } from "./control-characters.ts";
import { type LogEncounterResult, logEncounter, type MessageSource } from "./log-encounter.ts";
import { findProviderById, type Provider } from "./providers.ts";

export type PendingLog = typeof pendingLogs.$inferSelect;

/** The status of a waiting log that no button can record any more. */
export type ClosedPendingStatus = Exclude<PendingLogStatus, "open">;

export interface PendingLogInput {
  provider: Provider;
  source: MessageSource;
  text: string;
  minutes: number;
  serviceDate: string;
  note: string;
  candidateIds: number[];
  unknownName?: string;
}

/**
 * Keeps a log whose patient is still to be chosen. Returns undefined when the same message was
 * saved before (a retried delivery), so the caller does not prompt twice.
 */
export async function savePendingLog(
  context: ServiceContext,
  input: PendingLogInput,
): Promise<PendingLog | undefined> {
  const [row] = await context.db
    .insert(pendingLogs)
    .values({
      ...pendingLogFields(input),
      sourcePlatform: input.source.platform,
      sourceChannel: input.source.channel,
      sourceMessageId: input.source.messageId,
    })
    .onConflictDoNothing({
      target: [pendingLogs.sourcePlatform, pendingLogs.sourceChannel, pendingLogs.sourceMessageId],
    })
    .returning();
  return row;
}

export async function findPendingLog(
  context: ServiceContext,
  pendingLogId: number,
): Promise<PendingLog | undefined> {
  const [row] = await context.db.select().from(pendingLogs).where(eq(pendingLogs.id, pendingLogId));
  return row;
}

export type ResolvePendingResult =
  | LogEncounterResult
  | { status: "pending_not_found" }
  | {
      status: "pending_closed";
      pendingLogId: number;
      /** `resolved`: recorded as an encounter. `cancelled`: undone, edited away or deleted. */
      pendingStatus: ClosedPendingStatus;
    }
  | { status: "not_allowed"; pendingLogId: number }
  | { status: "not_a_candidate"; pendingLogId: number };

export interface ResolvePendingOptions {
  /**
   * Set when the actor just enrolled the patient through the log's Enroll button. A care
   * coordinator often enrolls for the clinician who wrote the log, so anyone may release it then.
   */
  afterEnrollment?: boolean;
}

/**
 * Records a waiting log for the patient the provider picked, with the original message as its
 * source, so choosing twice or racing a retry still records it once. Only the provider who wrote
 * the message or an admin may choose, unless the log is released by enrolling its patient.
 */
export async function resolvePendingLog(
  context: ServiceContext,
  pendingLogId: number,
  patientId: number,
  actor: Provider,
  options: ResolvePendingOptions = {},
): Promise<ResolvePendingResult> {
  const pending = await findPendingLog(context, pendingLogId);
  if (!pending) return { status: "pending_not_found" };
  const mayChoose = pending.providerId === actor.id || actor.role === "admin";
  if (!mayChoose && !options.afterEnrollment) {
    return { status: "not_allowed", pendingLogId };
  }
  if (pending.status !== "open") {
    return { status: "pending_closed", pendingLogId, pendingStatus: pending.status };
  }
  if (pending.candidateIds.length > 0 && !pending.candidateIds.includes(patientId)) {
    return { status: "not_a_candidate", pendingLogId };
  }

  // The time belongs to the provider who wrote the message, in their role, even when an admin
  // presses the button.
  const provider =
    pending.providerId === actor.id ? actor : await findProviderById(context, pending.providerId);
  if (!provider) return { status: "pending_not_found" };
  const result = await logEncounter(context, {
    patientId,
    provider,
    minutes: pending.minutes,
    serviceDate: pending.serviceDate,
    note: pending.note,
    source: {
      platform: pending.sourcePlatform,
      channel: pending.sourceChannel,
      messageId: pending.sourceMessageId,
    },
  });
  if (result.status !== "refused") await closePendingLog(context, pendingLogId);
  return result;
}

async function closePendingLog(context: ServiceContext, pendingLogId: number): Promise<void> {
  await context.db
    .update(pendingLogs)
    .set({ status: "resolved", resolvedAt: sql`now()` })
    .where(and(eq(pendingLogs.id, pendingLogId), eq(pendingLogs.status, "open")));
}

/**
 * Saves the waiting log of an edited message, replacing an earlier one for the same message and
 * reopening it, so the latest wording is what the provider's choice records.
 */
export async function replacePendingLog(
  executor: Executor,
  input: PendingLogInput,
): Promise<PendingLog> {
  const fields = pendingLogFields(input);
  const [row] = await executor
    .insert(pendingLogs)
    .values({
      ...fields,
      sourcePlatform: input.source.platform,
      sourceChannel: input.source.channel,
      sourceMessageId: input.source.messageId,
    })
    .onConflictDoUpdate({
      target: [pendingLogs.sourcePlatform, pendingLogs.sourceChannel, pendingLogs.sourceMessageId],
      set: { ...fields, status: "open", resolvedAt: null },
    })
    .returning();
  if (!row) throw new Error("Saving a waiting log returned no row");
  return row;
}

/**
 * Builds the columns of a waiting log apart from its message key. The message text is stored as
 * the user wrote it, except for control characters, which PostgreSQL cannot store (NUL) or chat
 * cannot show.
 */
function pendingLogFields(input: PendingLogInput) {
  return {
    providerId: input.provider.id,
    text: removeControlCharacters(input.text),
    minutes: input.minutes,
    serviceDate: input.serviceDate,
    note: removeControlCharacters(input.note),
    candidateIds: input.candidateIds,
    unknownName:
      input.unknownName === undefined ? null : removeControlCharacters(input.unknownName),
  };
}

/** Matches the waiting log saved from one chat message; the triple is unique. */
export function pendingFrom(source: MessageSource): SQL | undefined {
  return and(
    eq(pendingLogs.sourcePlatform, source.platform),
    eq(pendingLogs.sourceChannel, source.channel),
    eq(pendingLogs.sourceMessageId, source.messageId),
  );
}

/** Finds the waiting log saved from a chat message, whatever its status. */
export async function findPendingLogBySource(
  executor: Executor,
  source: MessageSource,
): Promise<PendingLog | undefined> {
  const [row] = await executor.select().from(pendingLogs).where(pendingFrom(source));
  return row;
}

/** Cancels the open waiting log of a message that was edited into something else or deleted. */
export async function cancelPendingLog(executor: Executor, source: MessageSource): Promise<void> {
  await executor
    .update(pendingLogs)
    .set({ status: "cancelled", resolvedAt: sql`now()` })
    .where(and(pendingFrom(source), eq(pendingLogs.status, "open")));
}

/** Returns the provider's most recent log still waiting for a patient choice, if any. */
export async function latestOpenPendingLog(
  context: ServiceContext,
  provider: Provider,
): Promise<PendingLog | undefined> {
  const [row] = await context.db
    .select()
    .from(pendingLogs)
    .where(and(eq(pendingLogs.providerId, provider.id), eq(pendingLogs.status, "open")))
    .orderBy(desc(pendingLogs.createdAt), desc(pendingLogs.id))
    .limit(1);
  return row;
}

/** Cancels one open waiting log; returns false when it was resolved or cancelled already. */
export async function cancelPendingLogById(
  executor: Executor,
  pendingLogId: number,
): Promise<boolean> {
  const rows = await executor
    .update(pendingLogs)
    .set({ status: "cancelled", resolvedAt: sql`now()` })
    .where(and(eq(pendingLogs.id, pendingLogId), eq(pendingLogs.status, "open")))
    .returning({ id: pendingLogs.id });
  return rows.length > 0;
}

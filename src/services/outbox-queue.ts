import type { Executor } from "../../db/client.ts";
import { outbox } from "../../db/schema/index.ts";

/** A post the bot owes a channel; the adapter for `channel` renders `payload` into words. */
export interface OutboxEntry {
  kind: "claim_earned" | "claim_voided" | "claim_units_changed" | "daily_digest";
  channel: string;
  claimId?: number;
  payload: Record<string, unknown>;
}

/** Queues a post inside the caller's transaction, so it exists exactly when the change does. */
export async function enqueuePost(executor: Executor, entry: OutboxEntry): Promise<void> {
  await executor.insert(outbox).values({
    kind: entry.kind,
    channel: entry.channel,
    claimId: entry.claimId,
    payload: entry.payload,
  });
}

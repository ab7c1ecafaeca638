import type { Executor } from "../../db/client.ts";
import { outbox } from "../../db/schema/index.ts";

/**
 * A post the bot owes a channel; the adapter for `channel` renders `payload` into words. Claim
 * posts carry `claimId`, so later posts can edit them; a `billing_note` tells billing staff about
 * something that needs a person, such as a refused change to a submitted claim.
 */
export interface OutboxEntry {
  kind: "claim_earned" | "claim_voided" | "claim_units_changed" | "billing_note" | "daily_digest";
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

import type { Reply } from "../reply.ts";
import { billingNoteReply, billingNoteSchema } from "./billing-notes.ts";
import { billingPayloadSchema, billingPostReply } from "./billing-replies.ts";
import { digestPostReply, digestPostSchema } from "./digest-replies.ts";

/**
 * Builds the reply for a queued outbox post, whatever its kind, for every adapter's sender. Throws a ZodError when the payload does
 * not fit its kind, which the outbox records as a failed delivery.
 */
export function outboxPostReply(kind: string, payload: unknown): Reply {
  if (kind === "billing_note") return billingNoteReply(billingNoteSchema.parse(payload));
  if (kind === "daily_digest") return digestPostReply(digestPostSchema.parse(payload));
  return billingPostReply(kind, billingPayloadSchema.parse(payload));
}

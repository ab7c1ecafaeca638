import type { Reply } from "../reply.ts";
import { billingPayloadSchema, billingPostReply } from "./billing-replies.ts";
import { digestPostReply, digestPostSchema } from "./digest-replies.ts";

/**
 * Builds the reply for a queued outbox post from its kind and payload, for every adapter's sender.
 * Throws a ZodError when the payload does not fit its kind.
 */
export function replyForPost(kind: string, payload: Record<string, unknown>): Reply {
  if (kind === "daily_digest") return digestPostReply(digestPostSchema.parse(payload));
  return billingPostReply(kind, billingPayloadSchema.parse(payload));
}

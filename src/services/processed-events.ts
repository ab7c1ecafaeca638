import { eq } from "drizzle-orm";
import { processedEvents } from "../../db/schema/index.ts";
import type { ServiceContext } from "./context.ts";
import type { MessageSource } from "./log-encounter.ts";

export function messageKey(source: MessageSource): string {
  return `${source.platform}:${source.channel}:${source.messageId}`;
}

/**
 * Marks a message as handled. Returns false when it was handled before, so a retried or
 * duplicated delivery gets no second answer.
 */
export async function claimMessage(
  context: ServiceContext,
  source: MessageSource,
): Promise<boolean> {
  const rows = await context.db
    .insert(processedEvents)
    .values({ key: messageKey(source) })
    .onConflictDoNothing({ target: processedEvents.key })
    .returning({ key: processedEvents.key });
  return rows.length > 0;
}

/** Forgets a claim after a failure, so that a redelivery of the same message is processed. */
export async function releaseMessage(
  context: ServiceContext,
  source: MessageSource,
): Promise<void> {
  await context.db.delete(processedEvents).where(eq(processedEvents.key, messageKey(source)));
}

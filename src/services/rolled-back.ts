import { TransactionRollbackError } from "drizzle-orm";
import type { ServiceContext } from "./context.ts";

/**
 * Runs `work` with a context whose database is one transaction, then rolls it back, so a dry run
 * goes through the real services and writes nothing. Services that open their own transaction
 * get a savepoint inside it.
 *
 * NOTE: the transaction keeps the row locks it took (patients, claims) until `work` ends, so on a
 * shared PostgreSQL a live bot logging for the same patients waits for the dry run to finish.
 */
export async function runRolledBack<T>(
  context: ServiceContext,
  work: (context: ServiceContext) => Promise<T>,
): Promise<T> {
  let outcome: { value: T } | undefined;
  try {
    await context.db.transaction(async (tx) => {
      outcome = { value: await work({ ...context, db: tx, onOutboxWrite: undefined }) };
      tx.rollback();
    });
  } catch (error) {
    if (!(outcome && error instanceof TransactionRollbackError)) throw error;
  }
  if (!outcome) throw new Error("The rolled-back transaction ended without running its work");
  return outcome.value;
}

import { asc, ne } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { claims, outbox } from "../../db/schema/index.ts";
import type { LogEncounterInput } from "../../src/services/log-encounter.ts";
import type { Provider } from "../../src/services/providers.ts";

let messageNumber = 0;

/** A log from its own chat message, dated `serviceDate` (default 10 March 2026). */
export function logInput(
  provider: Provider,
  patientId: number,
  minutes: number,
  serviceDate = "2026-03-10",
): LogEncounterInput {
  messageNumber += 1;
  return {
    patientId,
    provider,
    minutes,
    serviceDate,
    note: "care plan review",
    source: {
      platform: "slack",
      channel: "CCARE",
      messageId: `1773000000.${String(messageNumber).padStart(6, "0")}`,
      link: `https://example.slack.com/archives/CCARE/p1773000000${String(messageNumber).padStart(6, "0")}`,
    },
  };
}

/** Claims that are not void, as `[code, units]` pairs in code order. */
export async function liveClaimCodes(db: Database): Promise<[string, number][]> {
  const rows = await db
    .select()
    .from(claims)
    .where(ne(claims.status, "void"))
    .orderBy(asc(claims.code));
  return rows.map((row) => [row.code, row.units]);
}

/** The claim with `code`, of `patientId` when given, else the first created. */
export async function claimByCode(db: Database, code: string, patientId?: number) {
  const rows = await db.select().from(claims).orderBy(asc(claims.id));
  return rows.find(
    (row) => row.code === code && (patientId === undefined || row.patientId === patientId),
  );
}

/** Queued posts in order, with the payload typed loosely for field checks. */
export async function queuedPosts(db: Database, kind?: string) {
  const rows = await db.select().from(outbox).orderBy(asc(outbox.id));
  return rows
    .filter((row) => kind === undefined || row.kind === kind)
    .map((row) => ({ ...row, payload: row.payload as Record<string, unknown> }));
}

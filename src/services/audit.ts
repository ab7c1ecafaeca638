import type { Executor } from "../../db/client.ts";
import { auditEvents } from "../../db/schema/index.ts";

export interface AuditRecord {
  actorProviderId?: number;
  action: string;
  entity: string;
  entityId: string | number;
  details: Record<string, unknown>;
}

/** Appends an audit row inside the caller's transaction, so the change and its record commit together. */
export async function recordAudit(executor: Executor, record: AuditRecord): Promise<void> {
  await executor.insert(auditEvents).values({
    actorProviderId: record.actorProviderId,
    action: record.action,
    entity: record.entity,
    entityId: String(record.entityId),
    details: record.details,
  });
}

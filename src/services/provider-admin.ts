import { and, asc, eq, sql } from "drizzle-orm";
import type { Transaction } from "../../db/client.ts";
import { type ProviderRole, providers } from "../../db/schema/index.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceContext } from "./context.ts";
import type { Provider, UserIdentity } from "./providers.ts";

export type SetRoleResult =
  | { status: "added"; provider: Provider }
  | { status: "role_changed"; provider: Provider; previousRole: ProviderRole }
  | { status: "reactivated"; provider: Provider; previousRole: ProviderRole }
  | { status: "unchanged"; provider: Provider }
  | { status: "not_admin" }
  | { status: "last_admin" };

export type RemoveProviderResult =
  | { status: "removed"; provider: Provider }
  | { status: "not_found" }
  | { status: "not_admin" }
  | { status: "self" }
  | { status: "last_admin" };

function isAdmin(actor: Provider): boolean {
  return actor.active && actor.role === "admin";
}

/**
 * Registers a chat user as a provider with `role`, or changes the role of one already
 * registered. Admins only. The last active admin cannot demote themselves, so the practice is
 * never left without one. Every change gets an audit row with the old and new role.
 */
export async function setProviderRole(
  context: ServiceContext,
  actor: Provider,
  target: UserIdentity,
  role: ProviderRole,
): Promise<SetRoleResult> {
  if (!isAdmin(actor)) return { status: "not_admin" };
  return context.db.transaction(async (tx): Promise<SetRoleResult> => {
    const existing = await selectForUpdate(tx, target);
    if (!existing) {
      const provider = await insertProvider(tx, target, role);
      await audit(tx, actor, "provider.add", provider, { role });
      return { status: "added", provider };
    }
    if (existing.active && existing.role === role)
      return { status: "unchanged", provider: existing };
    if (existing.active && existing.role === "admin" && (await activeAdminCount(tx)) <= 1) {
      return { status: "last_admin" };
    }

    const [provider] = await tx
      .update(providers)
      .set({
        role,
        active: true,
        displayName: target.displayName ?? existing.displayName,
        updatedAt: sql`now()`,
      })
      .where(eq(providers.id, existing.id))
      .returning();
    if (!provider) throw new Error(`Provider ${existing.id} vanished during a role change`);
    const action = existing.active ? "provider.role_change" : "provider.reactivate";
    await audit(tx, actor, action, provider, {
      role,
      previousRole: existing.role,
      wasActive: existing.active,
    });
    return existing.active
      ? { status: "role_changed", provider, previousRole: existing.role }
      : { status: "reactivated", provider, previousRole: existing.role };
  });
}

/**
 * Deactivates a provider, who can then no longer log time or run commands. The row stays,
 * because encounters keep pointing at it. Admins only, never oneself and never the last admin.
 */
export async function removeProvider(
  context: ServiceContext,
  actor: Provider,
  target: UserIdentity,
): Promise<RemoveProviderResult> {
  if (!isAdmin(actor)) return { status: "not_admin" };
  return context.db.transaction(async (tx): Promise<RemoveProviderResult> => {
    const existing = await selectForUpdate(tx, target);
    if (!existing?.active) return { status: "not_found" };
    if (existing.id === actor.id) return { status: "self" };
    if (existing.role === "admin" && (await activeAdminCount(tx)) <= 1) {
      return { status: "last_admin" };
    }
    const [provider] = await tx
      .update(providers)
      .set({ active: false, updatedAt: sql`now()` })
      .where(eq(providers.id, existing.id))
      .returning();
    if (!provider) throw new Error(`Provider ${existing.id} vanished during removal`);
    await audit(tx, actor, "provider.remove", provider, { role: existing.role });
    return { status: "removed", provider };
  });
}

/** Active providers of one platform, by role then display name. */
export async function listProviders(
  context: ServiceContext,
  platform: Provider["platform"],
): Promise<Provider[]> {
  return context.db
    .select()
    .from(providers)
    .where(and(eq(providers.platform, platform), eq(providers.active, true)))
    .orderBy(asc(providers.role), asc(providers.displayName), asc(providers.id));
}

async function selectForUpdate(tx: Transaction, target: UserIdentity) {
  const [row] = await tx
    .select()
    .from(providers)
    .where(
      and(eq(providers.platform, target.platform), eq(providers.platformUserId, target.userId)),
    )
    .for("update");
  return row;
}

async function insertProvider(
  tx: Transaction,
  target: UserIdentity,
  role: ProviderRole,
): Promise<Provider> {
  const [row] = await tx
    .insert(providers)
    .values({
      platform: target.platform,
      platformUserId: target.userId,
      displayName: target.displayName,
      role,
    })
    .returning();
  if (!row) throw new Error("Inserting a provider returned no row");
  return row;
}

async function activeAdminCount(tx: Transaction): Promise<number> {
  // Locking every admin row makes two admins demoting each other at once run in turn.
  const admins = await tx
    .select({ id: providers.id })
    .from(providers)
    .where(and(eq(providers.role, "admin"), eq(providers.active, true)))
    .for("update");
  return admins.length;
}

async function audit(
  tx: Transaction,
  actor: Provider,
  action: string,
  provider: Provider,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    actorProviderId: actor.id,
    action,
    entity: "provider",
    entityId: provider.id,
    details: { platform: provider.platform, userId: provider.platformUserId, ...details },
  });
}

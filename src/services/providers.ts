import { and, eq } from "drizzle-orm";
import { type Platform, type ProviderRole, providers } from "../../db/schema/index.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceContext } from "./context.ts";

export type Provider = typeof providers.$inferSelect;

/** A chat user as a platform identifies them. */
export interface UserIdentity {
  platform: Platform;
  userId: string;
  displayName?: string;
}

/** Roles whose time counts toward CCM; billing staff manage claims but do not log care time. */
const loggingRoles: readonly ProviderRole[] = ["clinical_staff", "physician", "admin"];

export function canLogTime(provider: Provider): boolean {
  return provider.active && loggingRoles.includes(provider.role);
}

/**
 * Finds the registered provider behind a chat user. A user listed in the admin setting becomes an
 * admin provider on first contact, so a new workspace can start without any other setup.
 */
export async function findProvider(
  context: ServiceContext,
  identity: UserIdentity,
): Promise<Provider | undefined> {
  const existing = await selectProvider(context, identity);
  if (existing) return existing.active ? existing : undefined;
  if (!context.admins.includes(identity.userId)) return undefined;
  return bootstrapAdmin(context, identity);
}

async function selectProvider(
  context: ServiceContext,
  identity: UserIdentity,
): Promise<Provider | undefined> {
  const [row] = await context.db
    .select()
    .from(providers)
    .where(
      and(eq(providers.platform, identity.platform), eq(providers.platformUserId, identity.userId)),
    );
  return row;
}

async function bootstrapAdmin(context: ServiceContext, identity: UserIdentity): Promise<Provider> {
  return context.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(providers)
      .values({
        platform: identity.platform,
        platformUserId: identity.userId,
        displayName: identity.displayName,
        role: "admin",
      })
      .onConflictDoNothing({ target: [providers.platform, providers.platformUserId] })
      .returning();
    if (inserted) {
      await recordAudit(tx, {
        action: "provider.bootstrap_admin",
        entity: "provider",
        entityId: inserted.id,
        details: { platform: identity.platform, userId: identity.userId, role: "admin" },
      });
      context.logger.info(
        { providerId: inserted.id, platform: identity.platform },
        "admin provider created from settings",
      );
      return inserted;
    }
    // Another request created the same admin a moment ago.
    const [row] = await tx
      .select()
      .from(providers)
      .where(
        and(
          eq(providers.platform, identity.platform),
          eq(providers.platformUserId, identity.userId),
        ),
      );
    if (!row)
      throw new Error(`Provider ${identity.platform}:${identity.userId} vanished during bootstrap`);
    return row;
  });
}

export async function findProviderById(
  context: ServiceContext,
  providerId: number,
): Promise<Provider | undefined> {
  const [row] = await context.db.select().from(providers).where(eq(providers.id, providerId));
  return row;
}

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { providers, voiceTokens } from "../../db/schema/index.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceContext } from "./context.ts";
import type { Provider } from "./providers.ts";

/** Marks a string as a ccm-bot voice token, distinct from a pasted Slack or other token. */
const tokenPrefix = "ccmv_";
/** 32 random bytes (256 bits) make guessing hopeless, so a plain hash is enough to store. */
const tokenBytes = 32;
/** The prefix plus 43 base64url characters for 32 bytes. */
const tokenPattern = /^ccmv_[A-Za-z0-9_-]{43}$/;

export interface CreatedVoiceToken {
  /** The bearer token itself; it is returned only here and never stored. */
  token: string;
  tokenId: number;
  /** An earlier active token was revoked to make room for this one. */
  replaced: boolean;
}

export type VoiceTokenCheck =
  | { status: "valid"; tokenId: number; provider: Provider }
  | { status: "invalid" }
  | { status: "inactive_provider"; tokenId: number };

/** Lower-case hex SHA-256 of a token, the form stored in `voice_tokens.token_hash`. */
export function hashVoiceToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Creates a voice token for `provider` and revokes any earlier one, in one transaction. The
 * provider row is locked first, so two requests at once still leave one active token.
 */
export async function createVoiceToken(
  context: ServiceContext,
  provider: Provider,
): Promise<CreatedVoiceToken> {
  const token = `${tokenPrefix}${randomBytes(tokenBytes).toString("base64url")}`;
  return context.db.transaction(async (tx) => {
    await tx
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.id, provider.id))
      .for("update");
    const revoked = await tx
      .update(voiceTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(voiceTokens.providerId, provider.id), isNull(voiceTokens.revokedAt)))
      .returning({ id: voiceTokens.id });
    const [inserted] = await tx
      .insert(voiceTokens)
      .values({ providerId: provider.id, tokenHash: hashVoiceToken(token) })
      .returning({ id: voiceTokens.id });
    if (!inserted)
      throw new Error(`Voice token insert for provider ${provider.id} returned no row`);

    await recordAudit(tx, {
      actorProviderId: provider.id,
      action: "voice_token.create",
      entity: "voice_token",
      entityId: inserted.id,
      details: { revokedTokenIds: revoked.map((row) => row.id) },
    });
    return { token, tokenId: inserted.id, replaced: revoked.length > 0 };
  });
}

/** Revokes the provider's active voice token; returns how many tokens were revoked (0 or 1). */
export async function revokeVoiceTokens(
  context: ServiceContext,
  provider: Provider,
): Promise<number> {
  return context.db.transaction(async (tx) => {
    const revoked = await tx
      .update(voiceTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(voiceTokens.providerId, provider.id), isNull(voiceTokens.revokedAt)))
      .returning({ id: voiceTokens.id });
    for (const row of revoked) {
      await recordAudit(tx, {
        actorProviderId: provider.id,
        action: "voice_token.revoke",
        entity: "voice_token",
        entityId: row.id,
        details: {},
      });
    }
    return revoked.length;
  });
}

/**
 * Finds the provider behind a bearer token. A malformed, unknown or revoked token is `invalid`
 * and writes nothing. A valid token records when it was last used.
 */
export async function checkVoiceToken(
  context: ServiceContext,
  token: string,
): Promise<VoiceTokenCheck> {
  if (!tokenPattern.test(token)) return { status: "invalid" };
  const hash = hashVoiceToken(token);
  const [row] = await context.db
    .select({ tokenId: voiceTokens.id, tokenHash: voiceTokens.tokenHash, provider: providers })
    .from(voiceTokens)
    .innerJoin(providers, eq(providers.id, voiceTokens.providerId))
    .where(and(eq(voiceTokens.tokenHash, hash), isNull(voiceTokens.revokedAt)));

  // The lookup found the row by its hash already; the constant-time comparison keeps the final
  // decision free of early exits whatever the index does.
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, "hex"), Buffer.from(hash, "hex"))) {
    return { status: "invalid" };
  }
  if (!row.provider.active) return { status: "inactive_provider", tokenId: row.tokenId };

  await context.db
    .update(voiceTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(voiceTokens.id, row.tokenId));
  return { status: "valid", tokenId: row.tokenId, provider: row.provider };
}

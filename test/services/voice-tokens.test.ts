import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents, providers, voiceTokens } from "../../db/schema/index.ts";
import {
  checkVoiceToken,
  createVoiceToken,
  revokeVoiceTokens,
} from "../../src/services/voice-tokens.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider } from "../support/seed.ts";

describeDatabases("voice tokens", (database) => {
  it("finds the provider behind a token", async () => {
    const context = createTestContext(database().db);
    const provider = await addProvider(database().db, { userId: "UNURSE" });
    const { token } = await createVoiceToken(context, provider);

    const check = await checkVoiceToken(context, token);

    expect(check).toMatchObject({ status: "valid", provider: { id: provider.id } });
    const [row] = await database().db.select().from(voiceTokens);
    expect(row?.lastUsedAt).not.toBeNull();
  });

  it("keeps one active token under concurrent creation", async () => {
    const context = createTestContext(database().db);
    const provider = await addProvider(database().db, { userId: "UNURSE" });

    const created = await Promise.all([1, 2, 3].map(() => createVoiceToken(context, provider)));

    const rows = await database().db.select().from(voiceTokens);
    expect(rows).toHaveLength(3);
    expect(rows.filter((row) => row.revokedAt === null)).toHaveLength(1);
    const checks = await Promise.all(created.map(({ token }) => checkVoiceToken(context, token)));
    expect(checks.filter((check) => check.status === "valid")).toHaveLength(1);
  });

  it("revokes and audits", async () => {
    const context = createTestContext(database().db);
    const provider = await addProvider(database().db, { userId: "UNURSE" });
    const { token } = await createVoiceToken(context, provider);

    const first = await revokeVoiceTokens(context, provider);
    const second = await revokeVoiceTokens(context, provider);

    expect(first).toBe(1);
    expect(second).toBe(0);
    expect((await checkVoiceToken(context, token)).status).toBe("invalid");
    const actions = (await database().db.select().from(auditEvents)).map((row) => row.action);
    expect(actions).toEqual(["voice_token.create", "voice_token.revoke"]);
  });

  it("rejects a token of an inactive provider", async () => {
    const context = createTestContext(database().db);
    const provider = await addProvider(database().db, { userId: "UNURSE" });
    const { token } = await createVoiceToken(context, provider);
    await database()
      .db.update(providers)
      .set({ active: false })
      .where(eq(providers.id, provider.id));

    const check = await checkVoiceToken(context, token);

    expect(check.status).toBe("inactive_provider");
  });

  it("rejects malformed tokens", async () => {
    const context = createTestContext(database().db);

    for (const token of ["", "xoxb-123", "ccmv_short", `ccmv_${"A".repeat(44)}`]) {
      expect((await checkVoiceToken(context, token)).status).toBe("invalid");
    }
  });
});

import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { encounters } from "../../../db/schema/index.ts";
import { startBot } from "../../../src/bot.ts";
import { runCommand } from "../../../src/chat/commands/router.ts";
import { plainLine } from "../../../src/chat/reply.ts";
import { loadConfig } from "../../../src/config.ts";
import { captureLogger, TestClock } from "../../support/context.ts";
import { describeDatabases, type TestDatabase } from "../../support/databases.ts";
import { startSlackBot } from "../../support/slack-bot.ts";
import { postVoice, voiceTokenPattern } from "../../support/voice-requests.ts";

const localAdmin = { platform: "console" as const, userId: "local-admin" };

async function startConsoleBot(database: TestDatabase, environment: Record<string, string>) {
  const clock = new TestClock(new Date("2026-03-10T19:00:00Z"));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    CCM_ADMINS: localAdmin.userId,
    ...environment,
  });
  return startBot({
    config,
    logger: captureLogger("warn").logger,
    now: clock.now,
    database,
    consoleOutput: new PassThrough(),
  });
}

describeDatabases("voice server", (database) => {
  it("listens for voice without a chat platform", async () => {
    const bot = await startConsoleBot(database(), { CCM_VOICE: "1" });
    try {
      const run = async (text: string) => {
        const reply = await runCommand(bot.context, {
          user: localAdmin,
          text,
          instant: new Date(),
        });
        return reply.blocks
          .flatMap((block) => (block.type === "text" ? block.lines.map(plainLine) : []))
          .join("\n");
      };
      await run(
        "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01",
      );
      const token = voiceTokenPattern.exec(await run("voice-token"))?.[0];

      const response = await postVoice(
        `http://127.0.0.1:${bot.port}`,
        { text: "spent twenty minutes with jane doe" },
        token,
      );

      expect(bot.port).toBeGreaterThan(0);
      expect(response.status).toBe(200);
      expect(response.body.speech).toBe(
        "Logged 20 minutes for J. D. today. Month total 20 minutes; 99490 billed.",
      );
      expect(await database().db.select().from(encounters)).toHaveLength(1);
    } finally {
      await bot.stop();
    }
  });

  it("does not listen in console mode without voice", async () => {
    const bot = await startConsoleBot(database(), {});
    try {
      expect(bot.port).toBeUndefined();
      expect(bot.server).toBeUndefined();
    } finally {
      await bot.stop();
    }
  });

  it("serves no voice route unless enabled", async () => {
    const harness = await startSlackBot(database());
    try {
      const response = await fetch(`${harness.url}/voice/log`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "twenty minutes with jane doe" }),
      });

      expect(response.status).toBe(404);
    } finally {
      await harness.stop();
    }
  });
});

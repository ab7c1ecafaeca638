import { type RunningBot, startBot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import { captureLogger, TestClock } from "./context.ts";
import type { TestDatabase } from "./databases.ts";
import { FakeBotConnector } from "./fake-bot-connector.ts";
import { teamsIds } from "./teams-activities.ts";

export interface TeamsBotHarness {
  bot: RunningBot;
  connector: FakeBotConnector;
  clock: TestClock;
  url: string;
  logLines: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real bot with Teams on an ephemeral port. It runs in anonymous mode by default, so the
 * bot sends its replies to the fake connector on 127.0.0.1 without fetching a token. Pass
 * `environment` to set TEAMS_APP_ID instead, and then send only requests that fail authentication
 * before any network call. Billing posts go to the `teams:` billing channel of `teamsIds`. A
 * `connector` passed in is reused and left running, so a restarted bot can reach the same fake.
 */
export async function startTeamsBot(
  database: TestDatabase,
  options: { environment?: Record<string, string>; connector?: FakeBotConnector } = {},
): Promise<TeamsBotHarness> {
  const connector = options.connector ?? new FakeBotConnector();
  if (!options.connector) await connector.start();
  const clock = new TestClock(new Date());
  const captured = captureLogger("info");
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    TEAMS_ALLOW_ANONYMOUS: "1",
    CCM_BILLING_CHANNEL: `teams:${teamsIds.billingChannel}`,
    CCM_ADMINS: teamsIds.admin,
    CCM_TIMEZONE: "America/New_York",
    ...options.environment,
  });
  const bot = await startBot({
    config,
    logger: captured.logger,
    now: clock.now,
    database,
    outboxPollIntervalMs: 50,
  });
  return {
    bot,
    connector,
    clock,
    url: `http://127.0.0.1:${bot.port}`,
    logLines: captured.lines,
    stop: async () => {
      await bot.stop();
      // A connector passed in belongs to the caller, which may hand it to a restarted bot.
      if (!options.connector) await connector.stop();
    },
  };
}

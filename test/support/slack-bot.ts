import { type RunningBot, startBot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import type { Logger } from "../../src/logger.ts";
import { captureLogger, TestClock } from "./context.ts";
import type { TestDatabase } from "./databases.ts";
import { FakeSlackApi } from "./fake-slack-api.ts";
import { testSigningSecret } from "./slack-requests.ts";

export interface SlackBotHarness {
  bot: RunningBot;
  fake: FakeSlackApi;
  clock: TestClock;
  url: string;
  logLines: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real bot with Bolt on an ephemeral port, its Web API pointed at a fake Slack on
 * 127.0.0.1. Listeners finish before the HTTP response ends unless `processBeforeResponse` is
 * false, which is how production runs.
 */
export async function startSlackBot(
  database: TestDatabase,
  options: {
    processBeforeResponse?: boolean;
    environment?: Record<string, string>;
    logger?: Logger;
    /** The services' clock from the start, such as for the digest's catch-up at start. */
    clock?: TestClock;
  } = {},
): Promise<SlackBotHarness> {
  const fake = new FakeSlackApi();
  await fake.start();
  const clock = options.clock ?? new TestClock(new Date());
  const captured = captureLogger("info");
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: testSigningSecret,
    SLACK_API_URL: fake.apiUrl,
    CCM_BILLING_CHANNEL: "CBILLING",
    CCM_ADMINS: "UADMIN",
    CCM_TIMEZONE: "America/New_York",
    ...options.environment,
  });
  const bot = await startBot({
    config,
    logger: options.logger ?? captured.logger,
    now: clock.now,
    database,
    processBeforeResponse: options.processBeforeResponse ?? true,
    outboxPollIntervalMs: 50,
  });
  return {
    bot,
    fake,
    clock,
    url: `http://127.0.0.1:${bot.port}`,
    logLines: captured.lines,
    stop: async () => {
      await bot.stop();
      await fake.stop();
    },
  };
}

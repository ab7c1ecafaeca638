import pino from "pino";
import { startBot } from "../bot.ts";
import { consoleUser, runConsole } from "../chat/console/console-adapter.ts";
import { type Config, loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";

/**
 * `ccm start`: the chat adapters the environment configures, or the local console when there are
 * none. Stops cleanly on SIGTERM or SIGINT, and in console mode at the end of input.
 */
export async function runStartCommand(): Promise<void> {
  const config = loadConfig();
  const consoleMode = !config.slack && !config.teams;
  // The console owns stdout, so logs go to stderr and only warnings show unless LOG_LEVEL is set.
  const level = consoleMode && !process.env.LOG_LEVEL ? "warn" : config.logLevel;
  const logger = createLogger(level, consoleMode ? pino.destination(2) : undefined);
  const bot = await startBot({
    config,
    logger,
    extraAdmins: consoleMode ? [consoleUser.userId] : [],
  });

  if (consoleMode) {
    await runConsole({
      context: bot.context,
      input: process.stdin,
      output: process.stdout,
      flushPosts: () => bot.outbox.deliverAll().then(() => undefined),
      banner: describeStorage(config),
    });
    await bot.stop();
    return;
  }

  logger.info(
    { port: bot.port, slack: Boolean(bot.slack), teams: Boolean(config.teams) },
    "ccm-bot started",
  );
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, "shutting down");
      resolve();
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
  });
  await bot.stop();
}

function describeStorage(config: Config): string {
  const storage = config.databaseUrl ? "PostgreSQL" : `PGlite in ${config.dataDir}`;
  return `ccm-bot console (${storage}, time zone ${config.timeZone}).`;
}

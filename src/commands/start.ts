import pino from "pino";
import { startBot } from "../bot.ts";
import { consoleUser, runConsole } from "../chat/console/console-adapter.ts";
import { type Config, loadConfig } from "../config.ts";
import { createLogger, type Logger } from "../logger.ts";

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
    // The voice endpoint is a service, so the end of console input does not stop it.
    if (config.voice) {
      logger.warn({ port: bot.port }, "console input ended; /voice/log serves until SIGTERM");
      await waitForSignal(logger);
    }
    await bot.stop();
    return;
  }

  logger.info(
    { port: bot.port, slack: Boolean(bot.slack), teams: Boolean(config.teams) },
    "ccm-bot started",
  );
  await waitForSignal(logger);
  await bot.stop();
}

async function waitForSignal(logger: Logger): Promise<void> {
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, "shutting down");
      resolve();
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
  });
}

function describeStorage(config: Config): string {
  const storage = config.databaseUrl ? "PostgreSQL" : `PGlite in ${config.dataDir}`;
  return `ccm-bot console (${storage}, time zone ${config.timeZone}).`;
}

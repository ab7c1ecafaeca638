import pino from "pino";
import { startBot } from "../bot.ts";
import { consoleUser, runConsole } from "../chat/console/console-adapter.ts";
import { type Config, loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";

/**
 * `ccm start`: the chat adapters the environment configures, or the local console when there are
 * none. On SIGTERM or SIGINT it stops taking requests, finishes the events in flight and the
 * outbox post being sent, then closes the database. In console mode it stops at the end of input.
 */
export async function runStartCommand(): Promise<void> {
  const config = loadConfig();
  const consoleMode = !config.slack && !config.teams;
  // The console owns stdout, so logs go to stderr and only warnings show unless LOG_LEVEL asks.
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
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  logger.info({ signal }, "shutting down: finishing events in flight");
  // A handler stuck on an unreachable database must not keep the process forever; orchestrators
  // such as Kubernetes send SIGKILL 30 s after SIGTERM by default.
  const deadline = setTimeout(() => {
    logger.error(
      { afterMs: shutdownTimeoutMs },
      "shutdown timed out; exiting with work unfinished",
    );
    process.exit(1);
  }, shutdownTimeoutMs);
  deadline.unref();
  await bot.stop();
}

const shutdownTimeoutMs = 25_000;

function describeStorage(config: Config): string {
  const storage = config.databaseUrl ? "PostgreSQL" : `PGlite in ${config.dataDir}`;
  return `ccm-bot console (${storage}, time zone ${config.timeZone}).`;
}

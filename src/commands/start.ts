import pino from "pino";
import { type RunningBot, startBot } from "../bot.ts";
import { consoleUser, runConsole } from "../chat/console/console-adapter.ts";
import { type Config, loadConfig } from "../config.ts";
import { createLogger, type Logger } from "../logger.ts";

/**
 * `ccm start`: the chat adapters the environment configures, or the local console when there are
 * none. On SIGTERM or SIGINT it stops taking requests, finishes the events in flight and the
 * outbox post being sent, then closes the database. In console mode it stops at the end of input.
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
    if (!config.voice) {
      await bot.stop();
      return;
    }
    logger.warn({ port: bot.port }, "console input ended; /voice/log serves until SIGTERM");
  } else {
    logger.info(
      { port: bot.port, slack: Boolean(bot.slack), teams: Boolean(config.teams) },
      "ccm-bot started",
    );
  }
  await stopOnSignal(bot, logger);
}

const shutdownTimeoutMs = 25_000;

async function stopOnSignal(bot: RunningBot, logger: Logger): Promise<void> {
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

function describeStorage(config: Config): string {
  const storage = config.databaseUrl ? "PostgreSQL" : `PGlite in ${config.dataDir}`;
  return `ccm-bot console (${storage}, time zone ${config.timeZone}).`;
}

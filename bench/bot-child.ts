import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { openDatabase } from "../db/client.ts";
import { type RunningBot, startBot } from "../src/bot.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { handleMessage } from "../src/services/handle-message.ts";
import type { ChildOptions, ParentMessage } from "./child-process.ts";
import { report, sampleMemory, serveParent, settle, startCpuReports } from "./child-runtime.ts";
import { seedRosterPatients } from "./seed-data.ts";
import { benchNow, benchTimeZone } from "./service-context.ts";
import { buildSyntheticMessages } from "./synthetic-messages.ts";
import { buildSyntheticRoster } from "./synthetic-roster.ts";

/** Distinct message texts the memory run cycles through, so the texts take little memory. */
const messagePoolSize = 2_000;
const rssSampleIntervalMs = 1_000;

/** Counts error log lines (pino level 50 and above); the lines are redacted and not kept. */
class ErrorCounter extends Writable {
  count = 0;

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (/"level":(5\d|60)/.test(line)) this.count += 1;
    }
    callback();
  }
}

/**
 * Runs the real bot as `ccm start` does with Slack over HTTP: enrolls the synthetic roster,
 * starts the bot, reports its port and idle memory, and serves the parent's requests.
 */
export async function runBot(options: Extract<ChildOptions, { mode: "bot" }>): Promise<void> {
  // Without a URL, openDatabase opens PGlite in memory.
  const database = await openDatabase({ url: options.databaseUrl });
  await seedRosterPatients(database.db, buildSyntheticRoster(options.rosterSize));
  const errors = new ErrorCounter();
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: options.signingSecret,
    SLACK_API_URL: options.slackApiUrl,
    CCM_BILLING_CHANNEL: "CBILLING",
    CCM_ADMINS: options.admins.join(","),
    CCM_TIMEZONE: benchTimeZone,
  });
  // As in production: the HTTP response (the ack) leaves before the listener runs.
  const bot = await startBot({
    config,
    logger: createLogger("warn", errors),
    now: () => benchNow,
    slackIdentity: { botUserId: "UBOT", botId: "BBOT" },
    processBeforeResponse: false,
    database,
  });
  await settle();
  report({ type: "ready", port: bot.port, memory: sampleMemory() });
  const stopCpuReports = startCpuReports();
  await serveParent(async (message) => {
    if (message.type === "run_messages") await runMessages(bot, message, options.admins);
  });

  stopCpuReports();
  await bot.stop();
  await database.close();
  report({ type: "stopped", errorLogs: errors.count });
}

/**
 * Sends `count` synthetic messages through `handleMessage`, the service path every adapter
 * uses, with `concurrency` in flight, then reports memory. RSS is also read once a second
 * during the run (without a forced collection), for the highest value seen.
 */
async function runMessages(
  bot: RunningBot,
  request: Extract<ParentMessage, { type: "run_messages" }>,
  users: string[],
): Promise<void> {
  const pool = buildSyntheticMessages(buildSyntheticRoster(request.rosterSize), messagePoolSize);
  let highestRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    highestRss = Math.max(highestRss, process.memoryUsage().rss);
  }, rssSampleIntervalMs);
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < request.count) {
      const number = next;
      next += 1;
      await handleMessage(bot.context, {
        user: { platform: "slack", userId: users[number % users.length] as string },
        source: { platform: "slack", channel: "CMEMORY", messageId: `memory.${number}` },
        text: pool[number % pool.length]?.text ?? "",
        instant: benchNow,
      });
      if ((number + 1) % 10_000 === 0) report({ type: "progress", handled: number + 1 });
    }
  };
  try {
    await Promise.all(Array.from({ length: request.concurrency }, worker));
  } finally {
    clearInterval(sampler);
  }
  const elapsedMs = performance.now() - start;
  report({
    type: "messages_done",
    handled: request.count,
    memory: sampleMemory(),
    highestRss,
    elapsedMs,
  });
}

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type BenchDatabase, openBenchDatabase } from "./bench-database.ts";
import { BenchChild, type MemorySample } from "./child-process.ts";
import {
  type BenchmarkOptions,
  type BenchmarkSection,
  formatMiB,
  formatNumber,
  formatRatio,
  type Table,
} from "./section.ts";
import { TimingSlackApi } from "./timing-slack-api.ts";

const runFile = promisify(execFile);

interface Plan {
  messages: number;
  concurrency: number;
  rosterSize: number;
}

const fullPlan: Plan = { messages: 100_000, concurrency: 8, rosterSize: 1_000 };
const smokePlan: Plan = { messages: 100, concurrency: 8, rosterSize: 100 };
const users = Array.from({ length: 8 }, (_, position) => `UBENCH${position + 1}`);

interface Row {
  process: string;
  memory: MemorySample;
  /** Highest RSS seen while the process worked, when it was sampled during work. */
  highestRss?: number;
}

/**
 * Samples the resident memory of a bare Node process, of Node with the TypeScript loader, and of
 * the bot idle after start and after many messages through the service path.
 */
export async function runMemoryBenchmark(options: BenchmarkOptions): Promise<BenchmarkSection> {
  const plan = options.smoke ? smokePlan : fullPlan;
  options.log("memory: bare node and idle tsx processes");
  const rows: Row[] = [
    { process: "bare node (reference)", memory: await sampleBareNode() },
    { process: "node with the tsx loader, idle", memory: await sampleIdleChild() },
  ];

  const database = options.postgresUrl
    ? await openBenchDatabase("postgres", { adminUrl: options.postgresUrl, maxConnections: 1 })
    : undefined;
  try {
    const botRows = await sampleBot(plan, database, options);
    rows.push(...botRows.rows);
    return describeRows(rows, plan, database !== undefined, botRows.messagesPerSecond);
  } finally {
    await database?.close();
  }
}

/** Starts a bare Node process that only reports its memory after a forced collection. */
async function sampleBareNode(): Promise<MemorySample> {
  const script =
    "setTimeout(() => { gc(); const m = process.memoryUsage(); " +
    "process.stdout.write(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed })); }, 1000)";
  const { stdout } = await runFile(process.execPath, ["--expose-gc", "-e", script]);
  return JSON.parse(stdout) as MemorySample;
}

async function sampleIdleChild(): Promise<MemorySample> {
  const child = BenchChild.start({ mode: "idle" });
  try {
    const ready = await child.next("ready");
    await child.stop();
    return ready.memory;
  } finally {
    child.kill();
  }
}

/**
 * Starts the bot (Slack over HTTP, Web API at a local fake), samples it idle, sends the messages
 * through `handleMessage` inside the bot process, and samples it again.
 */
async function sampleBot(
  plan: Plan,
  database: BenchDatabase | undefined,
  options: BenchmarkOptions,
): Promise<{ rows: Row[]; messagesPerSecond: number }> {
  const fake = new TimingSlackApi();
  await fake.start();
  const storage = database ? "PostgreSQL" : "PGlite in memory";
  const child = BenchChild.start({
    mode: "bot",
    databaseUrl: database?.url,
    rosterSize: plan.rosterSize,
    slackApiUrl: fake.apiUrl,
    signingSecret: "memory-benchmark",
    admins: users,
  });
  try {
    const ready = await child.next("ready");
    options.log(`memory: bot on ${storage}, ${formatNumber(plan.messages)} messages`);
    child.send({
      type: "run_messages",
      count: plan.messages,
      concurrency: plan.concurrency,
      rosterSize: plan.rosterSize,
    });
    const done = await waitForMessages(child, options);
    await child.stop();
    return {
      rows: [
        { process: `bot on ${storage}, idle after start`, memory: ready.memory },
        {
          process: `bot on ${storage}, after ${formatNumber(done.handled)} messages`,
          memory: done.memory,
          highestRss: done.highestRss,
        },
      ],
      messagesPerSecond: (done.handled * 1000) / done.elapsedMs,
    };
  } finally {
    child.kill();
    await fake.stop();
  }
}

/** Waits for the child to finish the messages, logging its progress every 10,000. */
async function waitForMessages(child: BenchChild, options: BenchmarkOptions) {
  const hour = 3_600_000;
  const progress = (async () => {
    for (;;) {
      const update = await child.next("progress", hour).catch(() => undefined);
      if (!update) return;
      options.log(`memory: ${formatNumber(update.handled)} messages handled`);
    }
  })();
  const done = await child.next("messages_done", hour);
  void progress;
  return done;
}

function describeRows(
  rows: Row[],
  plan: Plan,
  onPostgres: boolean,
  messagesPerSecond: number,
): BenchmarkSection {
  const reference = rows[0] as Row;
  const table: Table = {
    columns: ["process", "RSS", "RSS vs bare node", "heap used", "highest RSS while working"],
    rows: rows.map((row) => [
      row.process,
      formatMiB(row.memory.rss),
      formatRatio(row.memory.rss / reference.memory.rss),
      formatMiB(row.memory.heapUsed),
      row.highestRss === undefined ? "" : formatMiB(row.highestRss),
    ]),
  };
  const after = rows[rows.length - 1] as Row;
  const idle = rows[rows.length - 2] as Row;
  return {
    title: "Memory",
    method: [
      "Resident memory (`process.memoryUsage().rss`) after a forced garbage collection " +
        "(`--expose-gc`), with the heap in use. During the messages the bot's RSS is also read " +
        "once a second without a collection, for the highest value. The reference is a bare " +
        "`node -e` process in the same run; the bot runs under tsx as `npm start` does, so a " +
        "tsx process that loads nothing else is shown too.",
      `The bot is started as in production (Slack over HTTP, Web API at a local fake, the ` +
        `outbox worker running) on ${onPostgres ? "PostgreSQL, so its RSS holds no table data" : "PGlite in memory, so its RSS also holds the database"}, ` +
        `with ${formatNumber(plan.rosterSize)} enrolled patients, and sampled one second after ` +
        `start. Then ${formatNumber(plan.messages)} messages from the synthetic mix (logs, ` +
        `questions, small talk, undos, unknown patients) go through \`handleMessage\`, the ` +
        `service path every adapter calls, ${plan.concurrency} at a time from 8 admin users, ` +
        `each with its own message id, and the bot is sampled again.`,
    ],
    tables: [table],
    targets: [],
    notes: [
      `After the messages the bot's RSS is ${formatRatio(after.memory.rss / idle.memory.rss)} its ` +
        `idle RSS (${formatMiB(after.memory.rss - idle.memory.rss)} more) and its heap in use ` +
        `${formatMiB(after.memory.heapUsed - idle.memory.heapUsed)} more. The messages ran at ` +
        `${formatNumber(messagesPerSecond)} per second through the service path.`,
    ],
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRosterIndex, parseMessage } from "../src/parse/index.ts";
import { testSigningSecret } from "../test/support/slack-requests.ts";
import { type BenchDatabase, openBenchDatabase } from "./bench-database.ts";
import { BenchChild, type ChildOptions } from "./child-process.ts";
import { type ProfileShare, summarizeCpuProfiles } from "./cpu-profile.ts";
import { percentile } from "./measure.ts";
import { RemoteSlackApi } from "./remote-slack-api.ts";
import {
  type BenchmarkOptions,
  type BenchmarkSection,
  formatMs,
  formatNumber,
  formatRatio,
  type Table,
  type TargetResult,
} from "./section.ts";
import { benchNow, benchTimeZone } from "./service-context.ts";
import {
  type EventRecord,
  epochNow,
  type LoadEvent,
  sendOpenLoop,
  slackTs,
  waitUntil,
} from "./slack-load.ts";
import { buildSyntheticMessages } from "./synthetic-messages.ts";
import { buildSyntheticRoster } from "./synthetic-roster.ts";

/** p99 acknowledgement latency the bot must stay under at `targetRate`. */
const targetP99Ms = 50;
const targetRate = 200;
const users = Array.from({ length: 8 }, (_, position) => `UBENCH${position + 1}`);

interface Plan {
  rate: number;
  seconds: number;
  warmupEvents: number;
  warmupRate: number;
  rosterSize: number;
  /** How long to wait for thread replies after the last event was sent. */
  replyTimeoutMs: number;
}

const fullPlan: Plan = {
  rate: targetRate,
  seconds: 15,
  warmupEvents: 400,
  warmupRate: 100,
  rosterSize: 1_000,
  replyTimeoutMs: 120_000,
};
const smokePlan: Plan = {
  rate: 50,
  seconds: 1,
  warmupEvents: 20,
  warmupRate: 50,
  rosterSize: 100,
  replyTimeoutMs: 30_000,
};

interface RunResult {
  label: string;
  records: EventRecord[];
  replyMs: number[];
  missingReplies: number;
  /** Replies per second from the first event sent to the last reply received. */
  replyRate: number;
  errorLogs: number;
  /** Epoch time of the last thread reply, which ends the stretch the CPU share covers. */
  lastReplyAt: number;
  /**
   * The receiver's CPU time from the first measured event to the last reply, as a share of that
   * wall time; 1 is one core busy throughout.
   */
  cpuShare: number;
  /** CPU time of the receiver by origin, when it was profiled. */
  profile?: ProfileShare[];
}

/**
 * Sends signed message events at a fixed rate to the real bot, which runs Bolt over HTTP and
 * replies to a timing fake of the Slack Web API. The same load goes to a bare app that only
 * checks the signature, acknowledges and posts a reply, and the two runs' times are compared.
 */
export async function runSlackBenchmark(options: BenchmarkOptions): Promise<BenchmarkSection> {
  const plan = options.smoke ? smokePlan : fullPlan;
  const events = buildEvents(plan);
  const runs: RunResult[] = [];

  options.log("slack: reference app");
  runs.push(
    await runLoad("bare express app (reference)", plan, events, (apiUrl) => ({
      mode: "reference",
      slackApiUrl: apiUrl,
      signingSecret: testSigningSecret,
    })),
  );
  if (options.postgresUrl) {
    options.log("slack: bot on PostgreSQL");
    const database = await openBenchDatabase("postgres", {
      adminUrl: options.postgresUrl,
      maxConnections: 1,
    });
    try {
      runs.push(
        await runLoad("bot on PostgreSQL", plan, events, botOptions(plan, database), {
          profile: true,
        }),
      );
    } finally {
      await database.close();
    }
  }
  // The smoke run keeps the script working with one bot run; PGlite is the fallback then.
  if (!options.smoke || !options.postgresUrl) {
    options.log("slack: bot on PGlite");
    runs.push(
      await runLoad("bot on PGlite (in memory)", plan, events, botOptions(plan), {
        profile: !options.postgresUrl,
      }),
    );
  }
  return describeRuns(runs, plan, options.postgresUrl !== undefined);
}

function botOptions(plan: Plan, database?: BenchDatabase) {
  return (apiUrl: string, cpuProfileDir?: string): ChildOptions => ({
    mode: "bot",
    databaseUrl: database?.url,
    rosterSize: plan.rosterSize,
    slackApiUrl: apiUrl,
    signingSecret: testSigningSecret,
    admins: users,
    cpuProfileDir,
  });
}

/**
 * Log messages that name exactly one roster patient and parse without error, so every event
 * records an encounter and gets a thread reply, the bot's busiest path.
 */
function buildEvents(plan: Plan): LoadEvent[] {
  const roster = buildSyntheticRoster(plan.rosterSize);
  const index = buildRosterIndex(roster);
  const needed = plan.warmupEvents + plan.rate * plan.seconds;
  const texts = buildSyntheticMessages(roster, needed * 4)
    .map((message) => message.text)
    .filter((text) => {
      const parsed = parseMessage(text, {
        instant: benchNow,
        timeZone: benchTimeZone,
        roster: index,
      });
      return parsed.intent === "log" && parsed.patient?.status === "matched" && !parsed.error;
    });
  if (texts.length < needed)
    throw new Error(`Too few usable log messages: ${texts.length} of the ${needed} needed`);
  const seconds = Math.floor(benchNow.getTime() / 1000);
  return texts.slice(0, needed).map((text, position) => ({
    ts: slackTs(seconds, position + 1),
    user: users[position % users.length] as string,
    text,
  }));
}

async function runLoad(
  label: string,
  plan: Plan,
  events: LoadEvent[],
  childOptions: (apiUrl: string, cpuProfileDir?: string) => ChildOptions,
  options: { profile?: boolean } = {},
): Promise<RunResult> {
  const fake = await RemoteSlackApi.start();
  const profileDir = options.profile
    ? mkdtempSync(join(tmpdir(), "ccm-bench-profile-"))
    : undefined;
  const child = BenchChild.start(childOptions(fake.apiUrl, profileDir));
  try {
    const ready = await child.next("ready");
    const url = `http://127.0.0.1:${ready.port}`;

    // The warm-up creates the providers, loads the roster and lets the JIT settle.
    const warmup = events.slice(0, plan.warmupEvents);
    await sendOpenLoop(url, warmup, plan.warmupRate);
    const warmupTs = warmup.map((event) => event.ts);
    await waitUntil(() => fake.hasRepliesFor(warmupTs), plan.replyTimeoutMs);

    const measured = events.slice(plan.warmupEvents);
    const records = await sendOpenLoop(url, measured, plan.rate);
    const measuredTs = measured.map((event) => event.ts);
    await waitUntil(() => fake.hasRepliesFor(measuredTs), plan.replyTimeoutMs);
    const stopped = await child.stop();
    fake.sync();
    const run = summarizeRun(label, records, fake, stopped.errorLogs);
    const window = { from: records[0]?.sentAt ?? 0, to: run.lastReplyAt };
    const cpuShare = shareOfCpu(child.take("cpu"), window);
    const profile = profileDir ? summarizeCpuProfiles(profileDir) : undefined;
    return { ...run, cpuShare, profile };
  } finally {
    child.kill();
    await fake.stop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }
}

/**
 * Works out the CPU share over `window` from the periodic readings: the CPU time between the
 * last reading at or before its start and the first at or after its end, over their wall time.
 */
function shareOfCpu(
  readings: { cpuMs: number; atMs: number }[],
  window: { from: number; to: number },
): number {
  const before = readings.filter((reading) => reading.atMs <= window.from).at(-1) ?? readings[0];
  const after = readings.find((reading) => reading.atMs >= window.to) ?? readings.at(-1);
  if (!before || !after || after.atMs <= before.atMs) return Number.NaN;
  return (after.cpuMs - before.cpuMs) / (after.atMs - before.atMs);
}

function summarizeRun(
  label: string,
  records: EventRecord[],
  fake: RemoteSlackApi,
  errorLogs: number,
): Omit<RunResult, "cpuShare"> {
  const replyMs: number[] = [];
  let lastReply = 0;
  for (const record of records) {
    const repliedAt = fake.replyTimes.get(record.ts);
    if (repliedAt === undefined) continue;
    replyMs.push(repliedAt - record.sentAt);
    lastReply = Math.max(lastReply, repliedAt);
  }
  const firstSent = records[0]?.sentAt ?? epochNow();
  return {
    label,
    records,
    replyMs,
    missingReplies: records.length - replyMs.length,
    replyRate: (replyMs.length * 1000) / Math.max(1, lastReply - firstSent),
    lastReplyAt: lastReply,
    errorLogs,
  };
}

function describeRuns(runs: RunResult[], plan: Plan, hasPostgres: boolean): BenchmarkSection {
  const reference = runs[0] as RunResult;
  const table: Table = {
    columns: [
      "receiver",
      "events",
      "acks 200",
      "ack p50",
      "ack p99",
      "ack max",
      "ack p99 vs reference",
      "thread reply p50",
      "thread reply p99",
      "reply p99 vs reference",
      "replies/s",
      "no reply",
      "receiver CPU",
      "send delay p99",
    ],
    rows: runs.map((run) => {
      const acks = run.records.map((record) => record.ackMs);
      return [
        run.label,
        formatNumber(run.records.length),
        formatNumber(run.records.filter((record) => record.status === 200).length),
        formatMs(percentile(acks, 50)),
        formatMs(percentile(acks, 99)),
        formatMs(Math.max(...acks)),
        formatRatio(percentile(acks, 99) / ackP99(reference)),
        formatMs(percentile(run.replyMs, 50)),
        formatMs(percentile(run.replyMs, 99)),
        formatRatio(percentile(run.replyMs, 99) / percentile(reference.replyMs, 99)),
        formatNumber(run.replyRate),
        formatNumber(run.missingReplies),
        formatShare(run.cpuShare),
        formatMs(percentile(sendDelays(run), 99)),
      ];
    }),
  };
  const errorNotes = runs
    .filter((run) => run.errorLogs > 0)
    .map((run) => `The ${run.label} logged ${formatNumber(run.errorLogs)} errors during the run.`);
  return {
    title: "Slack path",
    method: [
      `The real bot (\`startBot\` with Slack settings and \`processBeforeResponse: false\`, as in ` +
        `production) runs in a child process with its Web API pointed at a fake on 127.0.0.1 ` +
        `that notes when each thread reply arrives; the fake runs in a process of its own, so ` +
        `receiving the bot's calls does not delay the load generator. The benchmark process sends signed ` +
        `\`message\` events at ${plan.rate} per second for ${plan.seconds} s, open loop (each ` +
        `event leaves on schedule whether or not earlier ones were answered), after a warm-up ` +
        `of ${plan.warmupEvents} events at ${plan.warmupRate} per second. Every event is a log ` +
        `that names one of ${formatNumber(plan.rosterSize)} enrolled patients, from 8 admin ` +
        `users, so each one records an encounter, replies in its thread and refreshes the ` +
        `user's App Home.`,
      "The acknowledgement time runs from sending the request to the end of the HTTP response; " +
        "the thread reply time runs from sending to the fake receiving `chat.postMessage` with " +
        "that event's `ts` as `thread_ts`. The reference is a bare express app in a child " +
        "process on the same setup that checks the signature with Bolt's `verifySlackRequest`, " +
        "answers 200 and then posts a reply through `@slack/web-api`: the least any Slack bot " +
        "does, so the ratio is the bot's own overhead.",
      `"no reply" counts events without a thread reply ${formatNumber(plan.replyTimeoutMs / 1000)} s ` +
        `after the last event was sent. "receiver CPU" is the receiving process's CPU time from ` +
        `the first measured event to the last thread reply, as a share of that time (100% is one ` +
        `core busy throughout). "send delay ` +
        `p99" is how late the load generator sent events against the schedule.`,
    ],
    tables: [table, ...runs.flatMap((run) => profileTable(run))],
    targets: [judge(runs, hasPostgres)],
    fix: slackFix,
    notes: [
      ...runs.flatMap((run) => describeBacklog(run, plan)),
      ...runs.flatMap((run) => describeFailures(run)),
      ...runs.flatMap((run) => describeLateness(run, plan)),
      ...errorNotes,
      ...(runs.some((run) => run.label.includes("PGlite"))
        ? [
            "PGlite runs each query inside the bot's own thread (WebAssembly, without a worker), " +
              "so while a query runs the bot cannot even acknowledge a request; it is meant for " +
              "a single small practice, and PostgreSQL for load like this.",
          ]
        : []),
      ...(hasPostgres
        ? []
        : ["PostgreSQL was skipped because no server was reachable; PGlite only."]),
    ],
  };
}

/** Shows where a profiled receiver spent its CPU time: the top origins and the rest together. */
function profileTable(run: RunResult): Table[] {
  if (!run.profile) return [];
  const shown = run.profile.slice(0, 8);
  const rest = run.profile.slice(8).reduce((sum, entry) => sum + entry.share, 0);
  return [
    {
      caption:
        `Where the ${run.label} spent its CPU time (self time by origin from \`node --cpu-prof\` ` +
        `over the whole process, start-up included; idle time left out)`,
      columns: ["origin", "share of busy time"],
      rows: [
        ...shown.map((entry) => [entry.category, `${(entry.share * 100).toFixed(1)}%`]),
        ["everything else", `${(rest * 100).toFixed(1)}%`],
      ],
    },
  ];
}

function sendDelays(run: RunResult): number[] {
  return run.records.map((record) => record.sentAt - record.scheduledAt);
}

/** Notes a run whose load generator fell behind its schedule at times. */
function describeLateness(run: RunResult, plan: Plan): string[] {
  const p99 = percentile(sendDelays(run), 99);
  if (p99 < 1000 / plan.rate) return [];
  return [
    `During the ${run.label} run the load generator sent 1% of the events more than ` +
      `${formatMs(p99)} late, more than the interval between two events, because the machine's ` +
      `CPUs were busy. It did not wait for responses, so later events caught up with the schedule.`,
  ];
}

/** Notes a receiver that replied more slowly than events arrived, so replies queued. */
function describeBacklog(run: RunResult, plan: Plan): string[] {
  if (run.replyRate >= plan.rate * 0.95) return [];
  return [
    `The ${run.label} sent ${formatNumber(run.replyRate)} thread replies per second against ` +
      `${plan.rate} events per second, so unfinished events queued up during the run and the ` +
      `reply times above are mostly time in that queue. Its process used ` +
      `${formatShare(run.cpuShare)} of a core on average. Each event runs the parse, ` +
      `logEncounter, the thread reply and an App Home refresh (findProvider and ` +
      `summarizeProviderMonth) on the bot's one event loop. The acknowledgement does not wait ` +
      `for that work, because Bolt sends it before the listener runs.`,
  ];
}

/** Counts the requests that got no 200 response, by reason. */
function describeFailures(run: RunResult): string[] {
  const reasons = new Map<string, number>();
  for (const record of run.records) {
    if (record.status === 200) continue;
    const reason = record.status === 0 ? (record.failure ?? "unknown") : `HTTP ${record.status}`;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  if (reasons.size === 0) return [];
  const list = [...reasons].map(([reason, count]) => `${formatNumber(count)} × ${reason}`);
  return [`The ${run.label} did not acknowledge every event: ${list.join(", ")}.`];
}

function ackP99(run: RunResult): number {
  return percentile(
    run.records.map((record) => record.ackMs),
    99,
  );
}

function judge(runs: RunResult[], hasPostgres: boolean): TargetResult {
  const target = `p99 acknowledgement under ${targetP99Ms} ms at ${targetRate} events/s`;
  const bot = runs.find(
    (run) => run.label === (hasPostgres ? "bot on PostgreSQL" : "bot on PGlite (in memory)"),
  );
  if (!bot || bot.records.length === 0) {
    return {
      target,
      met: undefined,
      measured: "not run",
      explanation: "The bot run did not finish.",
    };
  }
  const rate = bot.records.length > 1 ? measuredRate(bot.records) : 0;
  const p99 = ackP99(bot);
  const atTargetRate = rate >= targetRate * 0.95;
  const met = atTargetRate ? p99 < targetP99Ms : undefined;
  return {
    target,
    met,
    measured: `${formatMs(p99)} on ${bot.label} at ${formatNumber(rate)} events/s`,
    explanation:
      met === false
        ? slowAckExplanation(bot, runs[0] as RunResult)
        : met === undefined
          ? "This run sent events below the target rate (the smoke size), so it does not judge the target."
          : undefined,
  };
}

function measuredRate(records: EventRecord[]): number {
  const first = records[0] as EventRecord;
  const last = records[records.length - 1] as EventRecord;
  return ((records.length - 1) * 1000) / Math.max(1, last.sentAt - first.sentAt);
}

function formatShare(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : "n/a";
}

/**
 * Explains slow acknowledgements by the bot's reply rate, CPU use and busiest code, and notes
 * when the bare reference app was slow in the same run too.
 */
function slowAckExplanation(run: RunResult, reference: RunResult): string {
  const busiest = (run.profile ?? [])
    .slice(0, 3)
    .map((entry) => `${entry.category} ${Math.round(entry.share * 100)}%`);
  const profile =
    busiest.length > 0 ? ` Its busiest code by CPU profile: ${busiest.join(", ")}.` : "";
  return (
    `The ${run.label} finished ${formatNumber(run.replyRate)} events per second against ` +
    `${targetRate} sent and kept ${formatShare(run.cpuShare)} of a core busy, so events ` +
    `piled up on its one event loop, which also reads the HTTP requests; acknowledgements ` +
    `waited behind that work.${profile}${describeReferenceAck(reference)}`
  );
}

/** Notes a reference app whose own p99 came near the target, which puts the machine in the figure. */
function describeReferenceAck(reference: RunResult): string {
  const p99 = ackP99(reference);
  if (p99 < targetP99Ms / 2) return "";
  return (
    ` The bare reference app's own p99 was ${formatMs(p99)} in the same run, so the busy ` +
    `machine, not only the bot, accounts for part of the time.`
  );
}

/** The change that would let the bot keep up with the target rate. */
const slackFix =
  "Run several bot processes behind the one URL (the bot supports several against one " +
  "PostgreSQL), and make each event cheaper: refresh a provider's App Home at most every few " +
  "seconds instead of after every log, use drizzle's prepared queries on the hot path, and cut " +
  "logEncounter's round trips (see the write path).";

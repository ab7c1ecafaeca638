import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import { encounters, outbox } from "../../db/schema/index.ts";
import { describeDatabases } from "../support/databases.ts";
import { FakeSlackApi } from "../support/fake-slack-api.ts";
import {
  messageEvent,
  postCommand,
  postEvent,
  slackTsAt,
  testSigningSecret,
} from "../support/slack-requests.ts";

const cli = fileURLToPath(new URL("../../bin/ccm.js", import.meta.url));
const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";

/** A `ccm start` child process and the JSON log lines it has printed so far. */
interface BotProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function startBotProcess(environment: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, [cli, "start"], {
    env: { PATH: process.env.PATH ?? "", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const parts = (pending + chunk.toString("utf8")).split("\n");
    pending = parts.pop() ?? "";
    lines.push(...parts);
  });
  child.stderr?.on("data", (chunk: Buffer) => lines.push(chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, lines, exited };
}

async function waitForLine(bot: BotProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = bot.lines.find((candidate) => pattern.test(candidate));
    if (line) return line;
    if (Date.now() > deadline)
      throw new Error(`No log line matched ${pattern}:\n${bot.lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeDatabases("ccm start shutdown", (database, driver) => {
  let fake: FakeSlackApi;
  let dataDir: string;
  let bot: BotProcess | undefined;

  beforeEach(async () => {
    fake = new FakeSlackApi();
    await fake.start();
    dataDir = mkdtempSync(join(tmpdir(), "ccm-shutdown-"));
  });

  afterEach(async () => {
    if (bot && bot.child.exitCode === null) {
      bot.child.kill("SIGKILL");
      await bot.exited;
    }
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes the event in flight on SIGTERM", async () => {
    const storage: Record<string, string> =
      driver === "postgres" ? { DATABASE_URL: database().url ?? "" } : { CCM_DATA_DIR: dataDir };
    bot = startBotProcess({
      ...storage,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: testSigningSecret,
      SLACK_API_URL: fake.apiUrl,
      CCM_BILLING_CHANNEL: "CBILLING",
      CCM_ADMINS: "UADMIN",
    });
    const listening = await waitForLine(bot, /HTTP server listening/);
    const url = `http://127.0.0.1:${(JSON.parse(listening) as { port: number }).port}`;
    await postCommand(url, { text: enrollJane, responseUrl: fake.responseUrl("enroll") });
    await fake.waitFor(
      (calls) => calls.some((call) => call.method === "response:/response/enroll"),
      20_000,
    );

    // The thread reply and the billing post both wait at the fake Slack: the event is in flight.
    const release = fake.hold("chat.postMessage");
    const response = await postEvent(
      url,
      messageEvent({
        text: "20 min with Jane Doe",
        ts: slackTsAt("2026-03-10T15:00"),
        user: "UADMIN",
      }),
    );
    expect(response.status).toBe(200);
    await fake.waitFor((calls) => {
      const channels = calls
        .filter((call) => call.method === "chat.postMessage")
        .map((call) => call.params.channel);
      return channels.includes("CCARE") && channels.includes("CBILLING");
    }, 20_000);

    bot.child.kill("SIGTERM");
    await waitForLine(bot, /shutting down/);
    const late = await postEvent(
      url,
      messageEvent({
        text: "15 min with Jane Doe",
        ts: slackTsAt("2026-03-10T15:05", 2),
        user: "UADMIN",
      }),
    ).then(
      (lateResponse) => lateResponse.status,
      () => "refused",
    );
    expect(bot.child.exitCode).toBeNull();
    release();
    const exitCode = await bot.exited;

    expect([503, "refused"]).toContain(late);
    expect(exitCode).toBe(0);
    expect(bot.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    expect(
      fake
        .succeededCalls("chat.postMessage")
        .map((call) => call.params.channel)
        .sort(),
    ).toEqual(["CBILLING", "CCARE"]);
    const handle =
      driver === "postgres" ? database() : await openDatabase({ dataDir: join(dataDir, "pglite") });
    try {
      const rows = await handle.db.select().from(encounters);
      expect(rows.map((row) => row.minutes)).toEqual([20]);
      const posts = await handle.db.select().from(outbox);
      expect(posts.map((post) => post.status)).toEqual(["sent"]);
    } finally {
      if (driver === "pglite") await handle.close();
    }
  });
});

import { WebClient } from "@slack/web-api";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import { outbox } from "../../db/schema/index.ts";
import { createSlackPostSender } from "../../src/chat/slack/billing-sender.ts";
import { OutboxWorker } from "../../src/jobs/outbox-worker.ts";
import type { Logger } from "../../src/logger.ts";
import { enqueuePost } from "../../src/services/outbox-queue.ts";
import { captureLogger, TestClock } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { FakeSlackApi } from "../support/fake-slack-api.ts";
import { startSlackBot } from "../support/slack-bot.ts";

function billingPayload(mrn: string) {
  return { code: "99490", units: 1, month: "2026-03", totalMinutes: 20, initials: "J.D.", mrn };
}

describeDatabases("OutboxWorker", (database, driver) => {
  let fake: FakeSlackApi;
  let clock: TestClock;
  let logger: Logger;
  // Rows are queued with the database's now(), so the worker's clock starts a little after it.
  let start: Date;

  beforeEach(async () => {
    start = new Date(Date.now() + 5_000);
    fake = new FakeSlackApi();
    await fake.start();
    clock = new TestClock(start);
    logger = captureLogger("warn").logger;
  });

  afterEach(async () => {
    await fake.stop();
  });

  /** Creates a worker on the real Slack sender, talking to the fake without client-side retries. */
  function createWorker(db = database().db) {
    const client = new WebClient("xoxb-test-token", {
      slackApiUrl: fake.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
    const send = createSlackPostSender(client);
    return new OutboxWorker(db, () => send, logger, { now: clock.now });
  }

  function advance(seconds: number) {
    clock.set(new Date(clock.now().getTime() + seconds * 1000));
  }

  async function queue(mrn: string) {
    await enqueuePost(database().db, {
      kind: "claim_earned",
      channel: "CBILLING",
      payload: billingPayload(mrn),
    });
  }

  async function rows() {
    return database().db.select().from(outbox).orderBy(outbox.id);
  }

  function billingPostsFor(mrn: string) {
    return fake
      .succeededCalls("chat.postMessage")
      .filter((call) => JSON.stringify(call.params).includes(mrn));
  }

  it("delivers a post committed before a crash", async () => {
    // The claim's transaction committed and the process died before any worker ran.
    await queue("100234");

    const bot = await startSlackBot(database());
    try {
      await bot.fake.waitFor((calls) => calls.some((call) => call.params.channel === "CBILLING"));
      await bot.bot.outbox.idle();
      expect(bot.fake.succeededCalls("chat.postMessage")).toHaveLength(1);
      expect((await rows())[0]?.status).toBe("sent");
    } finally {
      await bot.stop();
    }
  });

  it("takes over a crashed worker's post after its lease", async () => {
    await queue("100234");
    // A worker leased the row and died mid-send, which leaves only its lease behind.
    await database()
      .db.update(outbox)
      .set({ leasedUntil: new Date(start.getTime() + 60_000), attempts: 1 });
    const worker = createWorker();

    expect(await worker.deliverAll()).toBe(0);
    advance(61);
    const sent = await worker.deliverAll();

    expect(sent).toBe(1);
    expect(billingPostsFor("100234")).toHaveLength(1);
    expect(await worker.deliverAll()).toBe(0);
    expect((await rows())[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("delivers once after a Slack outage", async () => {
    await queue("100234");
    const worker = createWorker();
    fake.startOutage();

    // Seven minutes of outage with a worker pass every 15 s. Due attempts fail and back off.
    for (let elapsed = 0; elapsed < 7 * 60; elapsed += 15) {
      await worker.deliverAll();
      advance(15);
    }
    const [during] = await rows();
    expect(during?.status).toBe("pending");
    expect(during?.attempts).toBeGreaterThanOrEqual(5);
    expect(fake.callsTo("chat.postMessage").every((call) => call.status === 503)).toBe(true);

    fake.endOutage();
    advance(600);
    await worker.deliverAll();
    await worker.deliverAll();

    expect(billingPostsFor("100234")).toHaveLength(1);
    expect((await rows())[0]?.status).toBe("sent");
  });

  it("waits as long as Retry-After says", async () => {
    await queue("100234");
    const worker = createWorker();
    fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 30 });

    await worker.deliverAll();
    const [limited] = await rows();
    expect(limited?.nextAttemptAt.getTime()).toBe(start.getTime() + 30_000);

    advance(29);
    await worker.deliverAll();
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);

    advance(1);
    await worker.deliverAll();
    expect(fake.callsTo("chat.postMessage")).toHaveLength(2);
    expect(billingPostsFor("100234")).toHaveLength(1);
    expect((await rows())[0]?.status).toBe("sent");
  });

  it("sends each post once with several workers", async () => {
    const mrns = Array.from({ length: 60 }, (_, index) => String(300_000 + index));
    for (const mrn of mrns) await queue(mrn);
    // On PostgreSQL half the workers use a second pool, as a second bot process would.
    const other =
      driver === "postgres" ? await openDatabase({ url: database().url ?? "" }) : undefined;
    try {
      const workers = [0, 1, 2, 3].map((index) =>
        createWorker(other && index % 2 === 1 ? other.db : database().db),
      );

      const sent = await Promise.all(workers.map((worker) => worker.deliverAll()));

      expect(sent.reduce((sum, count) => sum + count, 0)).toBe(60);
      for (const mrn of mrns) expect(billingPostsFor(mrn)).toHaveLength(1);
      expect(fake.callsTo("chat.postMessage")).toHaveLength(60);
      const statuses = (await rows()).map((row) => row.status);
      expect(statuses.every((status) => status === "sent")).toBe(true);
    } finally {
      await other?.close();
    }
  });

  it("marks a post failed after its last attempt", async () => {
    await queue("100234");
    const worker = new OutboxWorker(
      database().db,
      () =>
        createSlackPostSender(
          new WebClient("xoxb-test-token", {
            slackApiUrl: fake.apiUrl,
            retryConfig: { retries: 0 },
          }),
        ),
      logger,
      { now: clock.now, maxAttempts: 2 },
    );
    fake.startOutage();

    await worker.deliverAll();
    advance(600);
    await worker.deliverAll();

    const [row] = await database().db.select().from(outbox).where(eq(outbox.status, "failed"));
    expect(row?.attempts).toBe(2);
    expect(row?.lastError).toContain("503");
    const [{ count } = { count: -1 }] = await database()
      .db.select({ count: sql<number>`count(*)::int`.mapWith(Number) })
      .from(outbox)
      .where(eq(outbox.status, "pending"));
    expect(count).toBe(0);
  });
});

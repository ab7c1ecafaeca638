import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import { digestRuns, outbox, providers } from "../../db/schema/index.ts";
import { cronPattern, DigestScheduler } from "../../src/jobs/digest-schedule.ts";
import { captureLogger, createTestContext, TestClock } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient, logMinutes } from "../support/seed.ts";

const delivery = { channel: "CDIGEST", directMessages: false, windowMinutes: 10 };

describeDatabases("DigestScheduler", (database, driver) => {
  function setup(wallTime: string, time = "08:00") {
    const clock = new TestClock(new Date());
    clock.setLocal(wallTime);
    const context = createTestContext(database().db, { clock });
    return { clock, context, scheduler: new DigestScheduler(context, { ...delivery, time }) };
  }

  async function digestPosts() {
    const rows = await database().db.select().from(outbox);
    return rows.filter((row) => row.kind === "daily_digest");
  }

  it("waits until the set local time", async () => {
    const { clock, scheduler } = setup("2026-03-10T07:59");

    const early = await scheduler.runIfDue();
    clock.setLocal("2026-03-10T08:00");
    const onTime = await scheduler.runIfDue();

    expect(early).toMatchObject({ status: "not_due", date: "2026-03-10" });
    expect(onTime).toEqual({ status: "queued", date: "2026-03-10", posts: 1 });
    const [post] = await digestPosts();
    expect(post?.channel).toBe("CDIGEST");
    expect(post?.payload).toMatchObject({ audience: "channel", digest: { date: "2026-03-10" } });
  });

  it("posts at 08:00 local across spring forward", async () => {
    const { clock, scheduler } = setup("2026-03-07T08:00");
    expect(scheduler.dueAt("2026-03-07").toISOString()).toBe("2026-03-07T13:00:00.000Z");
    expect(scheduler.dueAt("2026-03-08").toISOString()).toBe("2026-03-08T12:00:00.000Z");

    const saturday = await scheduler.runIfDue();
    clock.set(new Date("2026-03-08T11:59:00Z"));
    const sundayEarly = await scheduler.runIfDue();
    clock.set(new Date("2026-03-08T12:00:00Z"));
    const sunday = await scheduler.runIfDue();

    expect(saturday.status).toBe("queued");
    expect(sundayEarly).toMatchObject({ status: "not_due", date: "2026-03-08" });
    expect(sunday).toMatchObject({ status: "queued", date: "2026-03-08" });
    expect(await digestPosts()).toHaveLength(2);
  });

  it("posts at 08:00 local across fall back", async () => {
    const { clock, scheduler } = setup("2026-10-31T08:00");
    expect(scheduler.dueAt("2026-11-01").toISOString()).toBe("2026-11-01T13:00:00.000Z");

    await scheduler.runIfDue();
    clock.set(new Date("2026-11-01T12:30:00Z"));
    const early = await scheduler.runIfDue();
    clock.set(new Date("2026-11-01T13:00:00Z"));
    const onTime = await scheduler.runIfDue();

    expect(early.status).toBe("not_due");
    expect(onTime).toMatchObject({ status: "queued", date: "2026-11-01" });
  });

  it("runs a skipped time once clocks jump", async () => {
    const { clock, scheduler } = setup("2026-03-08T01:59", "02:30");
    expect(scheduler.dueAt("2026-03-08").toISOString()).toBe("2026-03-08T07:00:00.000Z");

    const before = await scheduler.runIfDue();
    clock.setLocal("2026-03-08T03:00");
    const after = await scheduler.runIfDue();

    expect(before.status).toBe("not_due");
    expect(after).toMatchObject({ status: "queued", date: "2026-03-08" });
  });

  it("runs a repeated time once", async () => {
    const { clock, scheduler } = setup("2026-11-01T00:30", "01:30");
    expect(scheduler.dueAt("2026-11-01").toISOString()).toBe("2026-11-01T05:30:00.000Z");

    clock.set(new Date("2026-11-01T05:30:00Z"));
    const first = await scheduler.runIfDue();
    clock.set(new Date("2026-11-01T06:30:00Z"));
    const second = await scheduler.runIfDue();

    expect(first.status).toBe("queued");
    expect(second.status).toBe("already_queued");
  });

  it("never posts twice in a day", async () => {
    const { clock, context, scheduler } = setup("2026-03-10T08:00");

    await scheduler.runIfDue();
    clock.setLocal("2026-03-10T08:05");
    const again = await scheduler.runIfDue();
    clock.setLocal("2026-03-10T23:59");
    const restarted = await new DigestScheduler(context, { ...delivery, time: "08:00" }).runIfDue();

    expect(again).toEqual({ status: "already_queued", date: "2026-03-10" });
    expect(restarted.status).toBe("already_queued");
    expect(await digestPosts()).toHaveLength(1);
    expect(await database().db.select().from(digestRuns)).toEqual([
      expect.objectContaining({ localDate: "2026-03-10", channel: "CDIGEST" }),
    ]);
  });

  it("catches up on start after downtime", async () => {
    const { clock, scheduler } = setup("2026-03-07T08:00");
    await scheduler.runIfDue();
    clock.setLocal("2026-03-10T10:15");

    scheduler.start();
    await scheduler.idle();
    await scheduler.stop();

    const days = await database().db.select().from(digestRuns);
    expect(days.map((day) => day.localDate).sort()).toEqual(["2026-03-07", "2026-03-10"]);
    expect(await digestPosts()).toHaveLength(2);
  });

  it("does not post on start before the time", async () => {
    const { scheduler } = setup("2026-03-10T07:30");

    scheduler.start();
    await scheduler.idle();
    await scheduler.stop();

    expect(await digestPosts()).toHaveLength(0);
  });

  it("lets one of two racing processes post", async () => {
    const clock = new TestClock(new Date());
    clock.setLocal("2026-03-10T08:00");
    const second =
      driver === "postgres"
        ? await openDatabase({ url: database().url, maxConnections: 2 })
        : undefined;
    try {
      const first = createTestContext(database().db, { clock });
      const other = createTestContext(second?.db ?? database().db, { clock });
      const nurse = await addProvider(database().db, { userId: "UNURSE" });
      const jane = await enrollTestPatient(first, nurse, { name: "Jane Doe", mrn: "100234" });
      await logMinutes(first, nurse, jane, 15, "2026-03-02");

      const results = await Promise.all(
        [first, other].map((context) =>
          new DigestScheduler(context, { ...delivery, time: "08:00" }).runIfDue(),
        ),
      );

      expect(results.map((result) => result.status).sort()).toEqual(["already_queued", "queued"]);
      expect(await digestPosts()).toHaveLength(1);
    } finally {
      await second?.close();
    }
  });

  it("sends each active Slack provider a DM", async () => {
    const { context } = setup("2026-03-10T08:00");
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const local = await addProvider(database().db, { userId: "local", platform: "console" });
    const former = await addProvider(database().db, { userId: "UFORMER" });
    const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const john = await enrollTestPatient(context, nurse, { name: "John Roe", mrn: "100243" });
    const mary = await enrollTestPatient(context, nurse, { name: "Mary Major", mrn: "100255" });
    await logMinutes(context, nurse, jane, 15, "2026-03-02");
    await logMinutes(context, local, john, 15, "2026-03-02");
    await logMinutes(context, former, mary, 15, "2026-03-02");
    await database().db.update(providers).set({ active: false }).where(eq(providers.id, former.id));

    const result = await new DigestScheduler(context, {
      ...delivery,
      directMessages: true,
      time: "08:00",
    }).runIfDue();

    expect(result).toMatchObject({ status: "queued", posts: 2 });
    const direct = (await digestPosts()).filter((post) => post.channel === "UNURSE");
    expect(direct).toHaveLength(1);
    expect(direct[0]?.payload).toMatchObject({ audience: "direct" });
    expect(JSON.stringify(direct[0]?.payload)).toContain("Jane Doe");
    expect(JSON.stringify(direct[0]?.payload)).not.toContain("John");
  });

  it("logs the day it queued", async () => {
    const { logger, lines } = captureLogger("info");
    const clock = new TestClock(new Date());
    clock.setLocal("2026-03-10T08:00");
    const context = createTestContext(database().db, { clock, logger });

    await new DigestScheduler(context, { ...delivery, time: "08:00" }).runIfDue();

    expect(lines.some((line) => line.includes("daily digest queued"))).toBe(true);
  });
});

describe("cronPattern", () => {
  it("turns HH:MM into five fields", () => {
    expect(cronPattern("08:30")).toBe("30 8 * * *");
    expect(cronPattern("00:00")).toBe("0 0 * * *");
  });

  it("rejects other text", () => {
    expect(() => cronPattern("8am")).toThrow("expected HH:MM");
  });
});

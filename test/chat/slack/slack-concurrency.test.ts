import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../../../db/client.ts";
import { claims, encounters, outbox, patients } from "../../../db/schema/index.ts";
import { describeDatabases, type TestDatabase } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import { messageEvent, postCommand, postEvent } from "../../support/slack-requests.ts";

const surnames = [
  "Adams",
  "Baker",
  "Clark",
  "Davis",
  "Evans",
  "Foster",
  "Garcia",
  "Hughes",
  "Irwin",
  "Jones",
];

/**
 * Two bot processes on one PostgreSQL are two `startBot` instances with their own connection
 * pools; PGlite has one connection, so there a single bot takes all the traffic.
 */
describeDatabases("Slack under concurrent logs", (database, driver) => {
  const harnesses: SlackBotHarness[] = [];
  const extraHandles: { close(): Promise<void> }[] = [];

  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.stop();
    for (const handle of extraHandles.splice(0)) await handle.close();
  });

  async function startBots(): Promise<SlackBotHarness[]> {
    harnesses.push(await startSlackBot(database()));
    if (driver === "postgres") {
      const other = await openDatabase({ url: database().url ?? "" });
      extraHandles.push(other);
      const secondProcess: TestDatabase = { ...other, reset: async () => {} };
      harnesses.push(await startSlackBot(secondProcess));
    }
    return harnesses;
  }

  async function enroll(bot: SlackBotHarness, name: string, mrn: string) {
    const id = `enroll-${mrn}`;
    await postCommand(bot.url, {
      text: `enroll ${name}, MRN ${mrn}, conditions: diabetes, hypertension, consent: verbal 2025-12-01`,
      responseUrl: bot.fake.responseUrl(id),
    });
    await bot.fake.waitFor((calls) =>
      calls.some((call) => call.method === `response:/response/${id}`),
    );
  }

  /** Sends logs at once, alternating between the bots, each with its own message `ts`. */
  async function sendAll(bots: SlackBotHarness[], texts: string[]) {
    const base = Math.floor(Date.UTC(2026, 2, 10, 19) / 1000);
    const responses = await Promise.all(
      texts.map((text, index) => {
        const bot = bots[index % bots.length] as SlackBotHarness;
        const ts = `${base + index}.${String(index).padStart(6, "0")}`;
        return postEvent(bot.url, messageEvent({ text, ts, user: "UADMIN" }));
      }),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
  }

  async function settle(bots: SlackBotHarness[]) {
    for (let pass = 0; pass < 2; pass += 1) {
      for (const bot of bots) {
        await bot.bot.outbox.deliverAll();
        await bot.bot.outbox.idle();
      }
    }
  }

  function billingPosts(bots: SlackBotHarness[]) {
    return bots.flatMap((bot) =>
      bot.fake
        .succeededCalls("chat.postMessage")
        .filter((call) => call.params.channel === "CBILLING"),
    );
  }

  it("totals 50 logs for one patient exactly", async () => {
    const bots = await startBots();
    await enroll(bots[0] as SlackBotHarness, "Jane Doe", "100234");

    await sendAll(
      bots,
      Array.from({ length: 50 }, () => "3 min call with MRN 100234"),
    );
    await settle(bots);

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(50);
    expect(rows.reduce((sum, row) => sum + row.minutes, 0)).toBe(150);
    const claimRows = await database().db.select().from(claims).orderBy(claims.code);
    expect(
      claimRows.map((claim) => [claim.code, claim.units, claim.status, claim.totalMinutes]),
    ).toEqual([
      ["99439", 2, "pending", 150],
      ["99490", 1, "pending", 150],
    ]);
    const kinds = (await database().db.select().from(outbox)).map((post) => post.kind).sort();
    expect(kinds).toEqual(["claim_earned", "claim_earned", "claim_units_changed"]);
    expect(billingPosts(bots)).toHaveLength(3);
    const replies = bots.flatMap((bot) =>
      bot.fake.callsTo("chat.postMessage").filter((call) => call.params.channel === "CCARE"),
    );
    expect(replies).toHaveLength(50);
  });

  it("totals 50 logs over ten patients exactly", async () => {
    const bots = await startBots();
    for (const [index, surname] of surnames.entries()) {
      await enroll(
        bots[index % bots.length] as SlackBotHarness,
        `Pat ${surname}`,
        String(200_000 + index),
      );
    }

    const texts = Array.from(
      { length: 50 },
      (_, index) => `5 min call with MRN ${200_000 + (index % 10)}`,
    );
    await sendAll(bots, texts);
    await settle(bots);

    const patientRows = await database().db.select().from(patients);
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(50);
    for (const patient of patientRows) {
      const minutes = rows
        .filter((row) => row.patientId === patient.id)
        .reduce((sum, row) => sum + row.minutes, 0);
      expect(minutes).toBe(25);
    }
    const claimRows = await database().db.select().from(claims);
    expect(claimRows).toHaveLength(10);
    expect(new Set(claimRows.map((claim) => claim.patientId)).size).toBe(10);
    expect(claimRows.every((claim) => claim.code === "99490" && claim.totalMinutes === 25)).toBe(
      true,
    );
    expect(await database().db.select().from(outbox)).toHaveLength(10);
    expect(billingPosts(bots)).toHaveLength(10);
  });
});

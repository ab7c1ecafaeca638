import { afterEach, expect, it } from "vitest";
import { outbox } from "../../../db/schema/index.ts";
import type { Provider } from "../../../src/services/providers.ts";
import { TestClock } from "../../support/context.ts";
import { describeDatabases } from "../../support/databases.ts";
import { addProvider, enrollTestPatient, logMinutes } from "../../support/seed.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import { postCommand } from "../../support/slack-requests.ts";

function allText(params: Record<string, unknown> | undefined): string {
  return JSON.stringify([params?.text, params?.blocks]);
}

describeDatabases("Slack daily digest", (database) => {
  let harness: SlackBotHarness | undefined;

  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  async function start(wallTime: string, environment: Record<string, string> = {}) {
    const clock = new TestClock(new Date());
    clock.setLocal(wallTime);
    const started = await startSlackBot(database(), {
      clock,
      environment: { CCM_DIGEST_CHANNEL: "CDIGEST", ...environment },
    });
    harness = started;
    await started.bot.digest?.idle();
    await started.bot.outbox.idle();
    return started;
  }

  /** Jane Doe at 15 minutes (near 99490) and John Roe at 25 (99490 earned, far from 99439). */
  async function seedPatients(bot: SlackBotHarness): Promise<Provider> {
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const context = bot.bot.context;
    const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const john = await enrollTestPatient(context, nurse, { name: "John Roe", mrn: "100243" });
    await logMinutes(context, nurse, jane, 15, "2026-03-02");
    await logMinutes(context, nurse, john, 25, "2026-03-03");
    await bot.bot.outbox.idle();
    bot.fake.clear();
    return nurse;
  }

  async function digestPost(bot: SlackBotHarness, channel = "CDIGEST") {
    await bot.fake.waitFor((calls) =>
      calls.some((call) => call.method === "chat.postMessage" && call.params.channel === channel),
    );
    return bot.fake.callsTo("chat.postMessage").find((call) => call.params.channel === channel)
      ?.params;
  }

  async function command(bot: SlackBotHarness, text: string, user = "UNURSE") {
    const id = `${text.replace(/\W+/g, "-")}-${bot.fake.calls.length}`;
    const response = await postCommand(bot.url, {
      text,
      user,
      responseUrl: bot.fake.responseUrl(id),
    });
    expect(response.status).toBe(200);
    await bot.fake.waitFor((calls) =>
      calls.some((call) => call.method === `response:/response/${id}`),
    );
    return bot.fake.callsTo(`response:/response/${id}`)[0]?.params;
  }

  it("posts the digest at the set time", async () => {
    const bot = await start("2026-03-10T07:00");
    await seedPatients(bot);

    bot.clock.setLocal("2026-03-10T08:00");
    const result = await bot.bot.digest?.runIfDue();
    const post = await digestPost(bot);

    expect(result?.status).toBe("queued");
    const text = allText(post);
    expect(text).toContain("CCM digest · Tue, Mar 10, 2026");
    expect(text).toContain("J.D.");
    expect(text).toContain("MRN 100234");
    expect(text).toContain("5 min more");
    expect(text).toContain("99490 (20 min)");
    expect(text).toContain("22 days left in March 2026");
    expect(text).toContain("1 claim (99490)");
    expect(text).not.toContain("100243");
    expect(text).not.toContain("Jane");
    expect(text).not.toContain("John");
  });

  it("posts on start after downtime, once", async () => {
    const first = await start("2026-03-10T10:00");
    const post = await digestPost(first);
    await first.stop();
    harness = undefined;

    const second = await start("2026-03-10T11:00");

    expect(allText(post)).toContain("Nothing to do today");
    expect(second.fake.callsTo("chat.postMessage")).toHaveLength(0);
    const rows = await database().db.select().from(outbox);
    expect(rows.filter((row) => row.kind === "daily_digest")).toHaveLength(1);
  });

  it("says when it is the month's last day", async () => {
    const bot = await start("2026-03-31T09:00");

    const text = allText(await digestPost(bot));

    expect(text).toContain("Today is the last day of March 2026");
    expect(text).toContain("April 2026");
  });

  it("sends each provider their list by DM", async () => {
    const bot = await start("2026-03-10T07:00", { CCM_DIGEST_DMS: "1" });
    await seedPatients(bot);

    bot.clock.setLocal("2026-03-10T08:00");
    await bot.bot.digest?.runIfDue();
    const direct = await digestPost(bot, "UNURSE");

    expect(allText(direct)).toContain("Jane Doe");
    expect(allText(direct)).toContain("Your CCM patients");
    expect(allText(await digestPost(bot))).not.toContain("Jane");
  });

  it("shows the digest now with /ccm digest", async () => {
    const bot = await start("2026-03-10T07:00");
    await seedPatients(bot);

    const answer = await command(bot, "digest");

    expect(answer?.response_type).toBe("ephemeral");
    expect(allText(answer)).toContain("J.D.");
    expect(allText(answer)).toContain("Within 10 min of their next code");
    expect(bot.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("lists the provider's patients for /ccm total", async () => {
    const bot = await start("2026-03-10T07:00");
    await seedPatients(bot);

    const answer = await command(bot, "total");

    expect(answer?.response_type).toBe("ephemeral");
    const text = allText(answer);
    expect(text).toContain("Your patients in March 2026");
    expect(text).toContain("*Jane Doe* (MRN 100234)");
    expect(text).toContain("15 min · *5 min more*");
    expect(text).toContain("*John Roe* (MRN 100243)");
    expect(text).toContain("Earned: 99490");
  });

  it("gives the month total and what is missing", async () => {
    const bot = await start("2026-03-10T07:00");
    await seedPatients(bot);

    const answer = await command(bot, "total Jane Doe");

    expect(allText(answer)).toContain(
      "March 2026 total: *15 min*. 5 min more for 99490 (20 min). 22 days left this month.",
    );
  });
});

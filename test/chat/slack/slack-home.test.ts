import { afterEach, beforeEach, expect, it } from "vitest";
import { encounters } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { TestClock } from "../../support/context.ts";
import { describeDatabases } from "../../support/databases.ts";
import { addProvider, enrollTestPatient, logMinutes } from "../../support/seed.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import {
  appHomeOpenedEvent,
  messageEvent,
  postButton,
  postEvent,
} from "../../support/slack-requests.ts";

/** Slack `ts` for local New York wall time. */
function tsAt(wallTime: string, sequence = 1): string {
  const seconds = Math.floor(instantFromLocalTime(wallTime, "America/New_York").getTime() / 1000);
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

describeDatabases("Slack App Home", (database) => {
  let harness: SlackBotHarness;

  beforeEach(async () => {
    const clock = new TestClock(new Date());
    clock.setLocal("2026-03-10T09:00");
    harness = await startSlackBot(database(), { clock });
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const jane = await enrollTestPatient(harness.bot.context, nurse, {
      name: "Jane Doe",
      mrn: "100234",
    });
    await logMinutes(harness.bot.context, nurse, jane, 12, "2026-03-02");
    harness.fake.clear();
  });

  afterEach(async () => {
    await harness.stop();
  });

  function published(): { user: unknown; text: string }[] {
    return harness.fake.callsTo("views.publish").map((call) => ({
      user: call.params.user_id,
      text: JSON.stringify(call.params.view),
    }));
  }

  it("publishes the provider's month when opened", async () => {
    const response = await postEvent(harness.url, appHomeOpenedEvent({ user: "UNURSE" }));

    expect(response.status).toBe(200);
    const [view] = harness.fake.callsTo("views.publish");
    expect(view?.params.user_id).toBe("UNURSE");
    expect(view?.params.view).toMatchObject({ type: "home" });
    const text = published()[0]?.text ?? "";
    expect(text).toContain("Your patients in March 2026");
    expect(text).toContain("*Jane Doe* (MRN 100234)");
    expect(text).toContain("██████░░░░ 12 min · *8 min more* for 99490 (20 min)");
    expect(text).toContain("22 days left · 1 patient · 0 claims earned");
  });

  it("ignores the messages tab", async () => {
    await postEvent(harness.url, appHomeOpenedEvent({ user: "UNURSE", tab: "messages" }));

    expect(harness.fake.callsTo("views.publish")).toHaveLength(0);
  });

  it("explains the tab to unregistered users", async () => {
    await postEvent(harness.url, appHomeOpenedEvent({ user: "USTRANGER" }));

    expect(published()).toEqual([
      { user: "USTRANGER", text: expect.stringContaining("registered you as a provider") },
    ]);
  });

  it("refreshes after a log", async () => {
    const ts = tsAt("2026-03-10T09:00");

    await postEvent(
      harness.url,
      messageEvent({ text: "spent 10 min with Jane Doe on meds", ts, user: "UNURSE" }),
    );

    const methods = harness.fake.calls.map((call) => call.method);
    expect(methods.indexOf("views.publish")).toBeGreaterThan(methods.indexOf("chat.postMessage"));
    const text = published()[0]?.text ?? "";
    expect(text).toContain("22 min");
    expect(text).toContain("1 claim earned");
    expect(text).toContain("Earned: 99490");
  });

  it("keeps the log when publishing fails", async () => {
    harness.fake.failNext("views.publish", { status: 200, error: "not_enabled" });
    const ts = tsAt("2026-03-10T09:00");

    const response = await postEvent(
      harness.url,
      messageEvent({ text: "spent 5 min with Jane Doe on meds", ts, user: "UNURSE" }),
    );

    expect(response.status).toBe(200);
    expect(await database().db.select().from(encounters)).toHaveLength(2);
    expect(allReplies()).toContain("Logged");
    expect(harness.logLines.some((line) => line.includes("App Home not published"))).toBe(true);
  });

  it("refreshes after the Undo button", async () => {
    const ts = tsAt("2026-03-10T09:00");
    await postEvent(
      harness.url,
      messageEvent({ text: "spent 10 min with Jane Doe on meds", ts, user: "UNURSE" }),
    );
    const rows = await database().db.select().from(encounters);
    const logged = rows.find((row) => row.sourceMessageId === ts);
    harness.fake.clear();

    await postButton(harness.url, {
      actionId: "ccm_undo_encounter:0",
      value: String(logged?.id),
      user: "UNURSE",
      responseUrl: harness.fake.responseUrl("undo"),
    });

    expect(published()[0]?.text).toContain("12 min · *8 min more*");
  });

  function allReplies(): string {
    return JSON.stringify(harness.fake.callsTo("chat.postMessage").map((call) => call.params));
  }
});

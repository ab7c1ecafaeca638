import { afterEach, beforeEach, expect, it } from "vitest";
import { teamsConversations } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import { FakeBotConnector } from "../../support/fake-bot-connector.ts";
import { addProvider } from "../../support/seed.ts";
import {
  postActivity,
  teamsBotAdded,
  teamsIds,
  teamsMessage,
} from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";
import { cardText } from "../../support/teams-cards.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";
const enrollJohn =
  "enroll John Roe, MRN 100243, DOB 1948-07-09, conditions: COPD, heart failure, consent: verbal 2025-12-01";

const nurse = "aad-nurse";

describeDatabases("Teams daily digest", (database) => {
  let connector: FakeBotConnector;
  let harness: TeamsBotHarness;

  beforeEach(async () => {
    connector = new FakeBotConnector();
    await connector.start();
    harness = await startTeamsBot(database(), {
      connector,
      environment: {
        CCM_DIGEST_CHANNEL: `teams:${teamsIds.billingChannel}`,
        CCM_DIGEST_DMS: "1",
      },
    });
    harness.clock.setLocal("2026-03-10T16:00");
  });

  afterEach(async () => {
    await harness.stop();
    await connector.stop();
  });

  async function send(activity: Record<string, unknown>) {
    const response = await postActivity(harness.url, activity);
    expect(response.status).toBe(200);
  }

  /**
   * Seeds the month: the admin enrolls two patients in their personal chat and logs 15 minutes for
   * Jane in the channel. The nurse, who has no personal chat with the bot, logs 15 for John.
   */
  async function seedMonth() {
    await addProvider(database().db, { userId: nurse, platform: "teams" });
    await send(
      teamsBotAdded({ serviceUrl: connector.serviceUrl, channel: teamsIds.billingChannel }),
    );
    const timestamp = instantFromLocalTime("2026-03-10T15:00", "America/New_York");
    const serviceUrl = connector.serviceUrl;
    await send(teamsMessage({ serviceUrl, kind: "personal", text: enrollJane }));
    await send(teamsMessage({ serviceUrl, kind: "personal", text: enrollJohn }));
    await send(teamsMessage({ serviceUrl, timestamp, text: "15 min with Jane Doe" }));
    await send(teamsMessage({ serviceUrl, timestamp, user: nurse, text: "15 min with John Roe" }));
  }

  /**
   * Runs the next morning's digest and waits for the outbox to send it. A pass of the outbox's own
   * timer may hold the posts, so the sends are awaited after the test's pass.
   */
  async function runDigest() {
    harness.clock.setLocal("2026-03-11T08:00");
    const result = await harness.bot.digest?.runIfDue();
    expect(result).toMatchObject({ status: "queued", date: "2026-03-11", posts: 2 });
    await harness.bot.outbox.deliverAll();
    await harness.bot.outbox.idle();
  }

  const digestSends = () =>
    connector.calls.filter(
      (call) => call.kind === "send" && cardText(call).includes("CCM digest · Wed, Mar 11, 2026"),
    );
  const directSends = () =>
    connector.calls.filter(
      (call) => call.kind === "send" && cardText(call).includes("Your CCM patients"),
    );

  it("remembers who a personal chat is with", async () => {
    await send(teamsMessage({ serviceUrl: connector.serviceUrl, kind: "personal", text: "help" }));
    await send(teamsMessage({ serviceUrl: connector.serviceUrl, text: "help" }));

    const rows = await database().db.select().from(teamsConversations);
    const byId = new Map(rows.map((row) => [row.conversationId, row.userId]));
    expect(byId.get(teamsIds.personalChat)).toBe(teamsIds.admin);
    expect(byId.get(teamsIds.channel)).toBeNull();
  });

  it("posts the channel digest without names", async () => {
    await seedMonth();

    await runDigest();

    const [post, ...others] = digestSends();
    expect(others).toHaveLength(0);
    expect(post?.conversationId).toBe(teamsIds.billingChannel);
    const text = cardText(post);
    expect(text).toContain("MRN 100234");
    expect(text).toContain("MRN 100243");
    expect(text).not.toContain("Jane");
    expect(text).not.toContain("John");
  });

  it("sends a provider list by personal chat", async () => {
    await seedMonth();

    await runDigest();

    const [direct, ...others] = directSends();
    expect(others).toHaveLength(0);
    expect(direct?.conversationId).toBe(teamsIds.personalChat);
    const text = cardText(direct);
    expect(text).toContain("Jane Doe");
    expect(text).not.toContain("John");
  });
});

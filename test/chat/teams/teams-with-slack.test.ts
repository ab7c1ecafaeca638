import { afterEach, beforeEach, expect, it } from "vitest";
import { encounters } from "../../../db/schema/index.ts";
import { describeDatabases } from "../../support/databases.ts";
import { FakeSlackApi } from "../../support/fake-slack-api.ts";
import { messageEvent, postEvent, testSigningSecret } from "../../support/slack-requests.ts";
import {
  postActivity,
  teamsBotAdded,
  teamsIds,
  teamsMessage,
} from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";
import { cardText } from "../../support/teams-cards.ts";

describeDatabases("Teams beside Slack", (database) => {
  let slack: FakeSlackApi;
  let harness: TeamsBotHarness;

  beforeEach(async () => {
    slack = new FakeSlackApi();
    await slack.start();
    harness = await startTeamsBot(database(), {
      environment: {
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: testSigningSecret,
        SLACK_API_URL: slack.apiUrl,
        CCM_ADMINS: `${teamsIds.admin},UADMIN`,
      },
    });
  });

  afterEach(async () => {
    await harness.stop();
    await slack.stop();
  });

  it("serves both platforms on one port and posts billing to Teams", async () => {
    const serviceUrl = harness.connector.serviceUrl;
    await postActivity(
      harness.url,
      teamsBotAdded({ serviceUrl, channel: teamsIds.billingChannel }),
    );
    await postActivity(
      harness.url,
      teamsMessage({
        serviceUrl,
        kind: "personal",
        text: "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01",
      }),
    );

    const teamsLog = await postActivity(
      harness.url,
      teamsMessage({ serviceUrl, text: "15 min with Jane Doe" }),
    );
    const ts = `${Math.floor(Date.now() / 1000)}.000100`;
    const slackLog = await postEvent(
      harness.url,
      messageEvent({ text: "5 min with Jane Doe", ts, user: "UADMIN" }),
    );

    expect(teamsLog.status).toBe(200);
    expect(slackLog.status).toBe(200);
    await slack.waitFor((calls) => calls.some((call) => call.method === "chat.postMessage"));
    const rows = await database().db.select().from(encounters);
    expect(rows.map((row) => row.sourcePlatform).sort()).toEqual(["slack", "teams"]);
    await harness.connector.waitFor((calls) =>
      calls.some((call) => call.conversationId === teamsIds.billingChannel),
    );
    const [post] = harness.connector.messages(teamsIds.billingChannel);
    expect(cardText(post)).toContain("Claim earned: 99490");
    expect(slack.calls.some((call) => call.params.channel === teamsIds.billingChannel)).toBe(false);
  });
});

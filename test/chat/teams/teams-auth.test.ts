import { afterEach, expect, it } from "vitest";
import { encounters, processedEvents, teamsConversations } from "../../../db/schema/index.ts";
import { describeDatabases } from "../../support/databases.ts";
import { postActivity, teamsIds, teamsMessage } from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";

/**
 * With TEAMS_APP_ID set, botbuilder 4.23.3 rejects a request before any network call when the
 * Authorization header is missing (ParameterizedBotFrameworkAuthentication checks for an empty
 * header first) or contains no decodable JWT (JwtTokenExtractor finds no issuer and returns null
 * before it would fetch OpenID metadata). Only those two cases are sent here, so no test reaches
 * a Microsoft login host.
 */
const authenticatedEnvironment = {
  TEAMS_ALLOW_ANONYMOUS: "",
  TEAMS_APP_ID: "00000000-0000-0000-0000-00000000a11d",
  TEAMS_APP_PASSWORD: "test-password",
};

describeDatabases("Teams authentication", (database) => {
  let harness: TeamsBotHarness | undefined;

  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it("rejects a request without a token and writes nothing", async () => {
    harness = await startTeamsBot(database(), { environment: authenticatedEnvironment });
    const activity = teamsMessage({
      serviceUrl: harness.connector.serviceUrl,
      text: "20 min with Jane Doe",
    });

    const response = await postActivity(harness.url, activity);

    expect(response.status).toBe(401);
    expect(await database().db.select().from(teamsConversations)).toHaveLength(0);
    expect(await database().db.select().from(processedEvents)).toHaveLength(0);
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(harness.connector.calls).toHaveLength(0);
    expect(harness.logLines.some((line) => line.includes("no valid Bot Framework token"))).toBe(
      true,
    );
  });

  it("rejects a token that is not a JWT", async () => {
    harness = await startTeamsBot(database(), { environment: authenticatedEnvironment });
    const activity = teamsMessage({ serviceUrl: harness.connector.serviceUrl, text: "help" });

    const response = await postActivity(harness.url, activity, {
      authorization: "Bearer not-a-jwt",
    });

    expect(response.status).toBe(401);
    expect(await database().db.select().from(teamsConversations)).toHaveLength(0);
    expect(harness.connector.calls).toHaveLength(0);
  });

  it("ignores activities from another tenant", async () => {
    harness = await startTeamsBot(database(), {
      environment: { TEAMS_APP_TENANT_ID: teamsIds.tenant },
    });
    const activity = teamsMessage({
      serviceUrl: harness.connector.serviceUrl,
      tenant: "tenant-elsewhere",
      text: "help",
    });

    const response = await postActivity(harness.url, activity);

    expect(response.status).toBe(200);
    expect(await database().db.select().from(teamsConversations)).toHaveLength(0);
    expect(harness.connector.calls).toHaveLength(0);
    expect(harness.logLines.some((line) => line.includes("another tenant"))).toBe(true);
  });

  it("warns at start in anonymous mode", async () => {
    harness = await startTeamsBot(database());

    const warning = harness.logLines.find((line) => line.includes("TEAMS_ALLOW_ANONYMOUS=1"));

    expect(warning).toBeDefined();
    expect(JSON.parse(warning ?? "{}").level).toBe(40);
  });
});

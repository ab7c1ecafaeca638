import { afterEach, beforeEach, expect, it } from "vitest";
import { claims, encounters } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import {
  postActivity,
  type TeamsMessageFields,
  teamsIds,
  teamsMessage,
  teamsMessageDeletion,
  teamsMessageEdit,
} from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";
import { cardText } from "../../support/teams-cards.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";

const at = (wallTime: string) => instantFromLocalTime(wallTime, "America/New_York");

describeDatabases("Teams message edits and deletions", (database) => {
  let harness: TeamsBotHarness;

  beforeEach(async () => {
    harness = await startTeamsBot(database());
    harness.clock.setLocal("2026-03-10T16:00");
    await post(
      teamsMessage({
        serviceUrl: harness.connector.serviceUrl,
        text: enrollJane,
        kind: "personal",
      }),
    );
    harness.connector.clear();
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function post(activity: Record<string, unknown>) {
    const response = await postActivity(harness.url, activity);
    expect(response.status).toBe(200);
  }

  function fields(
    id: string,
    text: string,
    sentAt = "2026-03-10T15:00",
  ): TeamsMessageFields & { id: string } {
    return { serviceUrl: harness.connector.serviceUrl, id, text, timestamp: at(sentAt) };
  }

  async function activeEncounters() {
    const rows = await database().db.select().from(encounters);
    return rows.filter((row) => row.voidedAt === null);
  }

  async function activeClaimCodes() {
    const rows = await database().db.select().from(claims);
    return rows.filter((row) => row.status !== "void").map((row) => row.code);
  }

  it("updates the minutes of an edited log", async () => {
    await post(teamsMessage(fields("m1", "spent 15 min with Jane Doe on meds")));

    await post(
      teamsMessageEdit(fields("m1", "spent 25 min with Jane Doe on meds", "2026-03-10T15:05")),
    );

    const rows = await activeEncounters();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(25);
    expect(rows[0]?.sourceMessageId).toBe("m1");
    expect(await activeClaimCodes()).toEqual(["99490"]);
    const reply = harness.connector.messages(`${teamsIds.channel};messageid=m1`).at(-1);
    expect(cardText(reply)).toContain("Updated from your edit");
  });

  it("voids the claim of a deleted log", async () => {
    await post(teamsMessage(fields("m2", "spent 25 min with Jane Doe on meds")));
    expect(await activeClaimCodes()).toEqual(["99490"]);

    await post(teamsMessageDeletion(fields("m2", "", "2026-03-10T15:10")));

    expect(await activeEncounters()).toHaveLength(0);
    expect(await activeClaimCodes()).toEqual([]);
  });

  it("applies a redelivered deletion once", async () => {
    await post(teamsMessage(fields("m3", "spent 25 min with Jane Doe on meds")));
    const deletion = teamsMessageDeletion(fields("m3", "", "2026-03-10T15:10"));

    await post(deletion);
    const repliesAfterFirst = harness.connector.messages().length;
    await post(deletion);

    expect(await activeEncounters()).toHaveLength(0);
    expect(harness.connector.messages()).toHaveLength(repliesAfterFirst);
  });

  it("skips an older edit delivered late", async () => {
    await post(teamsMessage(fields("m4", "spent 15 min with Jane Doe on meds")));

    await post(teamsMessageEdit(fields("m4", "spent 30 min with Jane Doe", "2026-03-10T15:20")));
    await post(teamsMessageEdit(fields("m4", "spent 20 min with Jane Doe", "2026-03-10T15:10")));

    const rows = await activeEncounters();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(30);
  });

  it("dates an edit by the message's send time", async () => {
    // Teams message ids are the send time in epoch milliseconds.
    const sentAt = at("2026-03-09T23:50");
    const id = String(sentAt.getTime());
    await post(teamsMessage({ ...fields(id, "spent 15 min with Jane Doe"), timestamp: sentAt }));

    await post(
      teamsMessageEdit(fields(id, "spent 20 min with Jane Doe today", "2026-03-10T00:10")),
    );

    const rows = await activeEncounters();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(20);
    expect(rows[0]?.serviceDate).toBe("2026-03-09");
  });
});

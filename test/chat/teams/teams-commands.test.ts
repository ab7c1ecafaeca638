import { afterEach, beforeEach, expect, it } from "vitest";
import { patients, providers, voiceTokens } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import { addProvider, enrollTestPatient } from "../../support/seed.ts";
import {
  postActivity,
  type TeamsMessageFields,
  teamsButtonPress,
  teamsIds,
  teamsMessage,
} from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";
import { cardButtons, cardText } from "../../support/teams-cards.ts";

const botMention = "<at>CCM Bot</at>";
const roster = [
  "name,MRN,date of birth,conditions,consent type,consent date",
  "Jane Doe,100234,1950-04-02,diabetes;hypertension,verbal,2026-03-01",
  "Mary Major,100300,2031-01-01,asthma;COPD,written,2026-03-01",
].join("\r\n");

describeDatabases("Teams commands", (database) => {
  let harness: TeamsBotHarness;

  beforeEach(async () => {
    harness = await startTeamsBot(database());
    harness.clock.setLocal("2026-03-10T16:00");
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function send(fields: Omit<TeamsMessageFields, "serviceUrl">) {
    const response = await postActivity(
      harness.url,
      teamsMessage({
        serviceUrl: harness.connector.serviceUrl,
        timestamp: instantFromLocalTime("2026-03-10T15:00", "America/New_York"),
        ...fields,
      }),
    );
    expect(response.status).toBe(200);
  }

  /** Sends a command in the care-team channel, mentioning the bot as Teams requires there. */
  async function sendInChannel(id: string, text: string, fields: Partial<TeamsMessageFields> = {}) {
    await send({ id, text: `${botMention} ${text}`, botMentions: [botMention], ...fields });
  }

  const privateMessages = () =>
    harness.connector.messages().filter((call) => call.conversationId?.startsWith("a:personal-"));
  const channelReplies = (id: string) =>
    harness.connector.messages(`${teamsIds.channel};messageid=${id}`);

  it("adds a mentioned person as a provider by AAD object id", async () => {
    harness.connector.addMember({ id: "29:nora", name: "Nora Nurse", aadObjectId: "aad-nora" });

    await sendInChannel("add-1", "provider add <at>Nora Nurse</at> physician", {
      userMentions: [{ text: "<at>Nora Nurse</at>", id: "29:nora", name: "Nora Nurse" }],
    });

    const lookups = harness.connector.calls.filter((call) => call.kind === "get_member");
    expect(lookups.map((call) => call.path)).toEqual([
      `/v3/conversations/${encodeURIComponent("19:team")}/members/${encodeURIComponent("29:nora")}`,
    ]);
    const added = await database().db.select().from(providers);
    expect(added.find((row) => row.platformUserId === "aad-nora")).toMatchObject({
      platform: "teams",
      role: "physician",
      displayName: "Nora Nurse",
    });
    expect(cardText(privateMessages().at(-1))).toContain("Added Nora Nurse (aad-nora) as ");
  });

  it("uses the AAD object id a mention carries", async () => {
    await send({
      kind: "personal",
      text: "provider add <at>Omar | Ops</at> billing",
      userMentions: [
        { text: "<at>Omar | Ops</at>", id: "29:omar", name: "Omar | Ops", aadObjectId: "aad-omar" },
      ],
    });

    expect(harness.connector.calls.some((call) => call.kind === "get_member")).toBe(false);
    const rows = await database().db.select().from(providers);
    expect(rows.find((row) => row.platformUserId === "aad-omar")?.role).toBe("billing");
  });

  it("runs nothing when a mention cannot be looked up", async () => {
    await sendInChannel("add-2", "provider add <at>Ghost</at> physician", {
      userMentions: [{ text: "<at>Ghost</at>", id: "29:ghost", name: "Ghost" }],
    });

    expect(cardText(privateMessages().at(-1))).toContain("could not find Ghost among the members");
    const rows = await database().db.select().from(providers);
    expect(rows.filter((row) => row.platformUserId !== teamsIds.admin)).toEqual([]);
    expect(harness.logLines.some((line) => line.includes("mentioned Teams member not found"))).toBe(
      true,
    );
  });

  it("creates no voice token in a channel", async () => {
    await sendInChannel("token-1", "voice-token");

    expect(await database().db.select().from(voiceTokens)).toHaveLength(0);
    expect(harness.connector.calls.some((call) => call.kind === "create_conversation")).toBe(false);
    const [reply] = channelReplies("token-1");
    expect(cardText(reply)).toContain("runs only in a 1:1 chat");
    expect(JSON.stringify(harness.connector.calls.map((call) => call.body))).not.toContain("ccmv_");
  });

  it("shows a voice token once in a 1:1 chat and never logs it", async () => {
    await send({ kind: "personal", text: "voice-token" });

    const [reply] = harness.connector.messages(teamsIds.personalChat);
    const token = /ccmv_[A-Za-z0-9_-]{43}/.exec(cardText(reply))?.[0];
    expect(token).toBeDefined();
    const card = ((reply?.body.attachments ?? []) as { content: { fallbackText: string } }[])[0];
    expect(card?.content.fallbackText).not.toContain("ccmv_");
    expect(await database().db.select().from(voiceTokens)).toHaveLength(1);
    expect(harness.logLines.join("\n")).not.toContain(token);
  });

  it("logs no voice token when its reply fails", async () => {
    harness.connector.failNext("reply", { status: 403 });

    await send({ kind: "personal", text: "voice-token" });

    const failed = harness.connector.calls.find((call) => call.kind === "reply");
    expect(failed?.status).toBe(403);
    expect(harness.logLines.some((line) => line.includes("Teams reply not delivered"))).toBe(true);
    expect(harness.logLines.join("\n")).not.toContain("ccmv_");
  });

  it("turns pages of patients in place", async () => {
    const admin = await addProvider(database().db, {
      platform: "teams",
      userId: teamsIds.admin,
      role: "admin",
    });
    const names = ["Ann", "Bea", "Cal", "Dot", "Eve", "Fay", "Gus", "Hal", "Ida", "Jon", "Kim"];
    for (const [index, first] of names.entries()) {
      await enrollTestPatient(harness.bot.context, admin, {
        name: `${first} Sample`,
        mrn: String(200100 + index),
      });
    }

    await sendInChannel("patients-1", "patients");

    const [page] = privateMessages();
    expect(cardText(page)).toContain("page 1 of 2");
    expect(cardText(channelReplies("patients-1")[0])).not.toContain("Sample");
    const next = cardButtons(page).find((button) => button.title === "Next page");
    harness.connector.clear();

    await postActivity(
      harness.url,
      teamsButtonPress({
        serviceUrl: harness.connector.serviceUrl,
        kind: "personal",
        conversationId: page?.conversationId,
        replyToId: page?.responseId,
        data: next?.data ?? { action: "", value: "" },
      }),
    );

    const [turned] = harness.connector.messages();
    expect(turned?.kind).toBe("update");
    expect(turned?.activityId).toBe(page?.responseId);
    expect(cardText(turned)).toContain("page 2 of 2");
    expect(cardText(turned)).toContain("Kim Sample");
    expect(cardButtons(turned).map((button) => button.title)).toEqual(["Previous page"]);
  });

  it("shows the month at a glance on home", async () => {
    const context = harness.bot.context;
    const admin = await addProvider(database().db, { userId: teamsIds.admin, platform: "teams" });
    await enrollTestPatient(context, admin, { name: "Jane Doe", mrn: "100234" });
    await send({ kind: "personal", id: "log-1", text: "15 min with Jane Doe on meds" });

    await send({ kind: "personal", id: "home-1", text: "home" });

    const home = cardText(harness.connector.messages(teamsIds.personalChat).at(-1));
    expect(home).toContain("MRN 100234");
    expect(home).toContain("15 min");
    expect(home).toContain("99490");
  });

  it("answers whois privately", async () => {
    const admin = await addProvider(database().db, {
      platform: "teams",
      userId: teamsIds.admin,
      role: "admin",
    });
    await enrollTestPatient(harness.bot.context, admin, { name: "Jane Doe", mrn: "100234" });

    await sendInChannel("whois-1", "whois J. Doe");

    expect(cardText(privateMessages()[0])).toContain("Jane Doe");
    const [notice] = channelReplies("whois-1");
    expect(cardText(notice)).toContain("private chat");
    expect(cardText(notice)).not.toContain("Doe");
  });

  it("imports roster lines pasted after import", async () => {
    await send({
      id: "import-1",
      botMentions: [botMention],
      text: [
        `<p>${botMention} import</p>`,
        "<p>name,MRN,date of birth,conditions,consent type,consent date</p>",
        "<p>Jane Doe,100234,1950-04-02,diabetes;hypertension,verbal,2026-03-01<br>",
        "Mary Major,100300,2031-01-01,asthma;COPD,written,2026-03-01</p>",
      ].join(""),
    });

    const report = cardText(privateMessages().at(-1));
    expect(report).toContain("1 added");
    expect(report).toContain("1 rejected");
    expect(report).toContain("Mary Major (MRN 100300)");
    const rows = await database().db.select().from(patients);
    expect(rows.map((row) => row.mrn)).toEqual(["100234"]);
    expect(cardText(channelReplies("import-1")[0])).not.toContain("Jane");
  });

  /** Builds the attachment Teams adds for a file sent in a 1:1 chat with the bot. */
  function fileAttachment(name: string, downloadUrl: string, fileType: string) {
    return {
      contentType: "application/vnd.microsoft.teams.file.download.info",
      contentUrl: `https://contoso-my.sharepoint.com/personal/${name}`,
      name,
      content: { downloadUrl, uniqueId: "unique-1", fileType },
    };
  }

  it("imports a CSV roster sent in a 1:1 chat", async () => {
    const url = harness.connector.addFile("roster.csv", roster);

    await send({
      id: "upload-1",
      kind: "personal",
      attachments: [fileAttachment("roster.csv", url, "csv")],
    });
    await send({
      id: "upload-1",
      kind: "personal",
      attachments: [fileAttachment("roster.csv", url, "csv")],
    });

    const downloads = harness.connector.calls.filter((call) => call.kind === "download");
    expect(downloads).toHaveLength(1);
    expect(downloads[0]?.headers.authorization).toBeUndefined();
    const reports = harness.connector.messages(teamsIds.personalChat);
    expect(reports).toHaveLength(1);
    expect(cardText(reports[0])).toContain("1 added");
    expect(cardText(reports[0])).toContain("1 rejected");
    const rows = await database().db.select().from(patients);
    expect(rows.map((row) => row.mrn)).toEqual(["100234"]);
  });

  it("imports no file that is not CSV", async () => {
    const url = harness.connector.addFile("notes.docx", "not a roster");

    await send({ kind: "personal", attachments: [fileAttachment("notes.docx", url, "docx")] });

    expect(harness.connector.calls.some((call) => call.kind === "download")).toBe(false);
    expect(cardText(harness.connector.messages(teamsIds.personalChat)[0])).toContain(
      "only import a roster from a .csv file",
    );
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });
});

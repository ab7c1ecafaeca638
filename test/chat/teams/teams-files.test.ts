import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, expect, it } from "vitest";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import type { RecordedConnectorCall } from "../../support/fake-bot-connector.ts";
import { addProvider, enrollTestPatient } from "../../support/seed.ts";
import {
  postActivity,
  teamsFileConsent,
  teamsIds,
  teamsMessage,
} from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";
import { cardText } from "../../support/teams-cards.ts";

const consentType = "application/vnd.microsoft.teams.card.file.consent";

interface Attachment {
  contentType: string;
  name?: string;
  contentUrl?: string;
  content: Record<string, unknown>;
}

function attachmentOf(call: RecordedConnectorCall | undefined): Attachment | undefined {
  return ((call?.body.attachments ?? []) as Attachment[])[0];
}

describeDatabases("Teams files", (database) => {
  let harness: TeamsBotHarness;

  beforeEach(async () => {
    harness = await startTeamsBot(database());
    harness.clock.setLocal("2026-03-10T16:00");
    const admin = await addProvider(database().db, {
      platform: "teams",
      userId: teamsIds.admin,
      role: "admin",
    });
    await enrollTestPatient(harness.bot.context, admin, { name: "Jane Doe", mrn: "100234" });
    await postActivity(
      harness.url,
      teamsMessage({
        serviceUrl: harness.connector.serviceUrl,
        kind: "personal",
        timestamp: instantFromLocalTime("2026-03-10T15:00", "America/New_York"),
        text: "20 min with Jane Doe on care plan",
      }),
    );
    harness.connector.clear();
  });

  afterEach(async () => {
    await harness.stop();
  });

  const privateMessages = () =>
    harness.connector.messages().filter((call) => call.conversationId?.startsWith("a:personal-"));

  /** Runs `export 2026-03` in the channel and returns the consent card sent to the 1:1 chat. */
  async function requestExport(): Promise<RecordedConnectorCall | undefined> {
    await postActivity(
      harness.url,
      teamsMessage({
        serviceUrl: harness.connector.serviceUrl,
        id: "export-1",
        text: "<at>CCM Bot</at> export 2026-03",
        botMentions: ["<at>CCM Bot</at>"],
      }),
    );
    return privateMessages().find((call) => attachmentOf(call)?.contentType === consentType);
  }

  async function answer(
    consent: RecordedConnectorCall | undefined,
    fields: { action: "accept" | "decline"; user?: string; uploadUrl?: string },
  ) {
    const response = await postActivity(
      harness.url,
      teamsFileConsent({
        serviceUrl: harness.connector.serviceUrl,
        conversationId: consent?.conversationId,
        replyToId: consent?.responseId,
        context: attachmentOf(consent)?.content.acceptContext,
        uploadUrl: harness.connector.uploadUrl("ccm-claims-2026-03.csv"),
        ...fields,
      }),
    );
    expect(response.status).toBe(200);
  }

  const uploads = () => harness.connector.calls.filter((call) => call.kind === "upload");
  const consentUpdates = (consent: RecordedConnectorCall | undefined) =>
    harness.connector.calls.filter(
      (call) => call.kind === "update" && call.activityId === consent?.responseId,
    );

  it("offers an export in the 1:1 chat, never in the channel", async () => {
    const consent = await requestExport();

    const attachment = attachmentOf(consent);
    expect(attachment?.name).toBe("ccm-claims-2026-03.csv");
    expect(attachment?.content.sizeInBytes).toBeGreaterThan(0);
    expect(JSON.stringify(consent?.body)).not.toContain("100234");
    const [text] = privateMessages();
    expect(cardText(text)).toContain("sent to you as ccm-claims-2026-03.csv");
    const channel = harness.connector.messages(`${teamsIds.channel};messageid=export-1`);
    expect(channel).toHaveLength(1);
    expect(cardText(channel[0])).toContain("private chat");
    expect(attachmentOf(channel[0])?.contentType).not.toBe(consentType);
  });

  it("uploads the export when the user allows it", async () => {
    const consent = await requestExport();

    await answer(consent, { action: "accept" });

    const [upload] = uploads();
    const rows = parse(upload?.rawBody ?? "", { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(Object.values(rows[0] ?? {})).toContain("100234");
    expect(Object.values(rows[0] ?? {})).toContain("99490");
    const size = Buffer.byteLength(upload?.rawBody ?? "", "utf8");
    expect(upload?.headers["content-range"]).toBe(`bytes 0-${size - 1}/${size}`);
    expect(upload?.headers.authorization).toBeUndefined();
    expect(attachmentOf(consent)?.content.sizeInBytes).toBe(size);
    const fileCard = privateMessages().find(
      (call) =>
        attachmentOf(call)?.contentType === "application/vnd.microsoft.teams.card.file.info",
    );
    expect(attachmentOf(fileCard)).toMatchObject({
      name: "ccm-claims-2026-03.csv",
      contentUrl: "https://contoso-my.sharepoint.com/personal/ccm-claims-2026-03.csv",
      content: { uniqueId: "file-unique-1", fileType: "csv" },
    });
    expect(cardText(consentUpdates(consent)[0])).toContain("Saved ccm-claims-2026-03.csv");
  });

  it("uploads an offer once", async () => {
    const consent = await requestExport();

    await answer(consent, { action: "accept" });
    await answer(consent, { action: "accept" });

    expect(uploads()).toHaveLength(1);
    expect(cardText(consentUpdates(consent).at(-1))).toContain("no longer available");
  });

  it("gives no one else the offered file", async () => {
    const consent = await requestExport();

    await answer(consent, { action: "accept", user: "aad-someone-else" });

    expect(uploads()).toHaveLength(0);
    expect(cardText(consentUpdates(consent)[0])).toContain("no longer available");
  });

  it("uploads nothing to a URL outside OneDrive", async () => {
    const consent = await requestExport();

    await answer(consent, { action: "accept", uploadUrl: "http://127.0.0.1:9/upload/claims.csv" });

    expect(uploads()).toHaveLength(0);
    expect(cardText(consentUpdates(consent)[0])).toContain("could not be saved to your OneDrive");
  });

  it("says so when the upload fails", async () => {
    const consent = await requestExport();
    harness.connector.failNext("upload", { status: 503 });

    await answer(consent, { action: "accept" });

    expect(uploads().map((call) => call.status)).toEqual([503]);
    expect(cardText(consentUpdates(consent)[0])).toContain("could not be saved to your OneDrive");
    const logged = harness.logLines.join("\n");
    expect(logged).toContain("file upload to OneDrive failed");
    expect(logged).not.toContain("100234");
  });

  it("forgets a declined file", async () => {
    const consent = await requestExport();

    await answer(consent, { action: "decline" });
    await answer(consent, { action: "accept" });

    expect(uploads()).toHaveLength(0);
    const [declined, accepted] = consentUpdates(consent);
    expect(cardText(declined)).toContain("Not saved: you declined ccm-claims-2026-03.csv.");
    expect(cardText(accepted)).toContain("no longer available");
  });
});

import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, claims, outbox } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { claimByCode } from "../../support/billing.ts";
import { describeDatabases } from "../../support/databases.ts";
import { FakeBotConnector, type RecordedConnectorCall } from "../../support/fake-bot-connector.ts";
import { addProvider, enrollTestPatient } from "../../support/seed.ts";
import {
  postActivity,
  teamsBotAdded,
  teamsButtonPress,
  teamsIds,
  teamsMessage,
} from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";
import { type CardButton, cardButtons } from "../../support/teams-cards.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";

function cardText(call: RecordedConnectorCall | undefined): string {
  return JSON.stringify(call?.body.attachments ?? []);
}

describeDatabases("Teams billing posts", (database) => {
  let connector: FakeBotConnector;
  let harness: TeamsBotHarness;

  beforeEach(async () => {
    connector = new FakeBotConnector();
    await connector.start();
    harness = await startTeamsBot(database(), { connector });
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

  async function addBotToBillingChannel() {
    await send(
      teamsBotAdded({ serviceUrl: connector.serviceUrl, channel: teamsIds.billingChannel }),
    );
  }

  /** Enrolls Jane Doe and logs 20 minutes for her, which earns 99490. */
  async function earnClaim() {
    const timestamp = instantFromLocalTime("2026-03-10T15:00", "America/New_York");
    await send(
      teamsMessage({ serviceUrl: connector.serviceUrl, kind: "personal", text: enrollJane }),
    );
    await send(
      teamsMessage({ serviceUrl: connector.serviceUrl, timestamp, text: "15 min with Jane Doe" }),
    );
    await send(
      teamsMessage({
        serviceUrl: connector.serviceUrl,
        timestamp,
        text: "5 min call with Jane Doe",
      }),
    );
  }

  const billingSends = () =>
    connector.calls.filter(
      (call) => call.kind === "send" && call.conversationId === teamsIds.billingChannel,
    );

  async function onlyOutboxRow() {
    await harness.bot.outbox.idle();
    const rows = await database().db.select().from(outbox);
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  /** Makes a retrying post due now instead of after its back-off, and runs a delivery pass. */
  async function retryNow(outboxId: number) {
    await database()
      .db.update(outbox)
      .set({ nextAttemptAt: new Date() })
      .where(eq(outbox.id, outboxId));
    await harness.bot.outbox.deliverAll();
  }

  it("posts an earned claim to the Teams channel", async () => {
    await addBotToBillingChannel();

    await earnClaim();
    await connector.waitFor(() => billingSends().length === 1);

    const [post] = billingSends();
    const text = cardText(post);
    expect(text).toContain("Claim earned: 99490");
    expect(text).toContain("J.D.");
    expect(text).toContain("MRN 100234");
    expect(text).toContain("March 2026");
    expect(text).not.toContain("Jane");
    const row = await onlyOutboxRow();
    expect(row?.status).toBe("sent");
    expect(row?.result).toEqual({
      platform: "teams",
      conversationId: teamsIds.billingChannel,
      activityId: expect.stringMatching(/^activity-\d+$/),
    });
    expect(await database().db.select().from(claims)).toHaveLength(1);
  });

  it("keeps a post pending until the connector accepts it", async () => {
    await addBotToBillingChannel();
    connector.failNext("send", { status: 401 });
    connector.failNext("send", { status: 403 });
    connector.failNext("send", { status: 503 });
    connector.failNext("send", { status: 429, retryAfterSeconds: 120 });

    await earnClaim();
    const expectedErrors = ["HTTP 401", "HTTP 403", "HTTP 503", "HTTP 429"];
    for (const [index, expected] of expectedErrors.entries()) {
      await connector.waitFor(() => billingSends().length === index + 1);
      const row = await onlyOutboxRow();
      expect(row?.status).toBe("pending");
      expect(row?.sentAt).toBeNull();
      expect(row?.attempts).toBe(index + 1);
      expect(row?.lastError).toContain(expected);
      if (expected === "HTTP 429") {
        const waitMs = (row?.nextAttemptAt.getTime() ?? 0) - Date.now();
        expect(waitMs).toBeGreaterThan(100_000);
        expect(waitMs).toBeLessThanOrEqual(120_000);
      }
      await retryNow(row?.id ?? 0);
    }

    const row = await onlyOutboxRow();
    expect(row?.status).toBe("sent");
    expect(billingSends().map((call) => call.status)).toEqual([401, 403, 503, 429, 200]);
    expect(harness.logLines.filter((line) => line.includes("retrying later"))).toHaveLength(4);
  });

  it("waits for an unknown channel to be reached", async () => {
    await earnClaim();
    const waiting = await onlyOutboxRow();
    expect(waiting?.status).toBe("pending");
    expect(waiting?.lastError).toContain("No Teams conversation");

    await addBotToBillingChannel();
    await retryNow(waiting?.id ?? 0);

    expect(billingSends()).toHaveLength(1);
    expect((await onlyOutboxRow())?.status).toBe("sent");
  });

  it("reaches the channel after a restart", async () => {
    await addBotToBillingChannel();
    await harness.stop();
    harness = await startTeamsBot(database(), { connector });

    await earnClaim();
    await connector.waitFor(() => billingSends().length === 1);

    expect(billingSends()[0]?.path).toBe(
      `/v3/conversations/${encodeURIComponent(teamsIds.billingChannel)}/activities`,
    );
  });

  describe("claim buttons", () => {
    const nurse = "aad-nurse";
    const biller = "aad-billing";

    beforeEach(async () => {
      const db = database().db;
      const nurseProvider = await addProvider(db, { platform: "teams", userId: nurse });
      await addProvider(db, { platform: "teams", userId: biller, role: "billing" });
      await enrollTestPatient(harness.bot.context, nurseProvider, {
        name: "Jane Doe",
        mrn: "100234",
      });
      await addBotToBillingChannel();
    });

    async function log(text: string) {
      const timestamp = instantFromLocalTime("2026-03-10T15:00", "America/New_York");
      await send(
        teamsMessage({
          serviceUrl: connector.serviceUrl,
          kind: "personal",
          user: nurse,
          timestamp,
          text,
        }),
      );
    }

    async function press(
      post: RecordedConnectorCall | undefined,
      button: CardButton | undefined,
      user: string,
    ) {
      await send(
        teamsButtonPress({
          serviceUrl: connector.serviceUrl,
          conversationId: teamsIds.billingChannel,
          replyToId: post?.responseId,
          user,
          data: button?.data ?? { action: "", value: "" },
        }),
      );
    }

    const updatesOf = (post: RecordedConnectorCall | undefined) =>
      connector.calls.filter(
        (call) => call.kind === "update" && call.activityId === post?.responseId,
      );

    it("marks a claim submitted from its card for billing staff only", async () => {
      await log("spent 20 min with Jane Doe on care plan");
      await connector.waitFor(() => billingSends().length === 1);
      const [post] = billingSends();
      expect(cardText(post)).toContain("expected $66.13 (estimate)");
      const submit = cardButtons(post).find((button) => button.title === "Mark submitted");
      expect(submit?.data.action).toBe("ccm_set_claim_status");

      await press(post, submit, nurse);

      expect(updatesOf(post)).toHaveLength(0);
      const refusal = connector
        .messages()
        .filter((call) => call.conversationId?.startsWith("a:personal-"))
        .at(-1);
      expect(cardText(refusal)).toContain("Only billing staff or an admin");
      expect((await claimByCode(database().db, "99490"))?.status).toBe("pending");

      await press(post, submit, biller);

      const [replaced] = updatesOf(post);
      expect(replaced?.conversationId).toContain(teamsIds.billingChannel);
      expect(cardText(replaced)).toContain("Submitted to the payer");
      expect(cardText(replaced)).toContain(`marked by teams:${biller}`);
      expect(cardText(replaced)).not.toContain("Jane");
      expect(cardButtons(replaced).map((button) => button.title)).toEqual([
        "Mark paid",
        "Mark rejected",
      ]);
      expect((await claimByCode(database().db, "99490"))?.status).toBe("submitted");
      const audit = await database()
        .db.select()
        .from(auditEvents)
        .where(eq(auditEvents.action, "claim.status_change"));
      expect(audit.map((row) => [row.details.from, row.details.to])).toEqual([
        ["pending", "submitted"],
      ]);
    });

    it("posts a billing note when a locked change is refused", async () => {
      await log("spent 25 min with Jane Doe on care plan");
      await connector.waitFor(() => billingSends().length === 1);
      const [post] = billingSends();
      await press(post, cardButtons(post)[0], biller);

      await log("undo");

      await connector.waitFor(() => billingSends().length === 2);
      await harness.bot.outbox.idle();
      const note = cardText(billingSends()[1]);
      expect(note).toContain("Change refused: undo");
      expect(note).toContain("J.D. · MRN 100234 · March 2026");
      expect(note).not.toContain("Jane");
      const rows = await database().db.select().from(outbox).where(eq(outbox.kind, "billing_note"));
      expect(rows.map((row) => row.status)).toEqual(["sent"]);
    });

    it("replaces the card of a voided claim", async () => {
      await log("spent 20 min with Jane Doe on care plan");
      await connector.waitFor(() => billingSends().length === 1);
      const [earned] = billingSends();

      await log("undo");

      await connector.waitFor(() => billingSends().length === 2);
      await harness.bot.outbox.idle();
      const [replaced] = updatesOf(earned);
      expect(cardText(replaced)).toContain("VOIDED: 99490");
      expect(cardButtons(replaced)).toEqual([]);
      expect(cardText(billingSends()[1])).toContain("Claim voided: 99490");
      expect((await claimByCode(database().db, "99490"))?.status).toBe("void");
    });
  });
});

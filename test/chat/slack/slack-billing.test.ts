import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvents, claims, encounters, pendingLogs } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { claimByCode, queuedPosts } from "../../support/billing.ts";
import { describeDatabases } from "../../support/databases.ts";
import type { RecordedSlackCall } from "../../support/fake-slack-api.ts";
import { addProvider, enrollTestPatient } from "../../support/seed.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import { messageEvent, postButton, postCommand, postEvent } from "../../support/slack-requests.ts";

/** Slack `ts` for local New York wall time, with a sequence number in the microseconds. */
function tsAt(wallTime: string, sequence = 1): string {
  const seconds = Math.floor(instantFromLocalTime(wallTime, "America/New_York").getTime() / 1000);
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

function allText(params: Record<string, unknown>): string {
  return JSON.stringify([params.text, params.blocks]);
}

type Button = { action_id: string; value: string; text: { text: string } };

function buttonsOf(params: Record<string, unknown>): Button[] {
  const blocks = (params.blocks ?? []) as { type: string; elements?: Button[] }[];
  return blocks
    .filter((block) => block.type === "actions")
    .flatMap((block) => block.elements ?? []);
}

describeDatabases("Slack billing", (database) => {
  let harness: SlackBotHarness;
  let sequence = 0;

  beforeEach(async () => {
    harness = await startSlackBot(database());
    harness.clock.setLocal("2026-03-10T15:00");
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    await addProvider(database().db, { userId: "UBILL", role: "billing" });
    await enrollTestPatient(harness.bot.context, nurse, { name: "Jane Doe", mrn: "100234" });
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function log(text: string, wallTime = "2026-03-10T15:00") {
    sequence += 1;
    const response = await postEvent(
      harness.url,
      messageEvent({ text, ts: tsAt(wallTime, sequence), user: "UNURSE" }),
    );
    expect(response.status).toBe(200);
  }

  function billingPosts(): RecordedSlackCall[] {
    return harness.fake
      .callsTo("chat.postMessage")
      .filter((call) => call.params.channel === "CBILLING");
  }

  async function waitForBillingPosts(count: number) {
    await harness.fake.waitFor(() => billingPosts().length >= count);
    await harness.bot.outbox.idle();
  }

  async function press(button: Button | undefined, user: string, id: string) {
    const response = await postButton(harness.url, {
      actionId: button?.action_id ?? "",
      value: button?.value ?? "",
      user,
      channel: "CBILLING",
      responseUrl: harness.fake.responseUrl(id),
    });
    expect(response.status).toBe(200);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === `response:/response/${id}`),
    );
    return harness.fake.callsTo(`response:/response/${id}`)[0]?.params ?? {};
  }

  async function command(text: string, user: string, id: string) {
    const response = await postCommand(harness.url, {
      text,
      user,
      responseUrl: harness.fake.responseUrl(id),
    });
    expect(response.status).toBe(200);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === `response:/response/${id}`),
    );
    return harness.fake.callsTo(`response:/response/${id}`)[0]?.params ?? {};
  }

  it("marks a claim submitted from its post for billing staff only", async () => {
    await log("spent 20 min with Jane Doe on care plan");
    await waitForBillingPosts(1);
    const [post] = billingPosts();
    expect(allText(post?.params ?? {})).toContain("expected $66.13 (estimate)");
    const submit = buttonsOf(post?.params ?? {}).find((button) =>
      button.value.endsWith(":submitted"),
    );

    const refused = await press(submit, "UNURSE", "nurse");

    expect(refused.replace_original).toBe(false);
    expect(allText(refused)).toContain("Only billing staff or an admin");
    expect((await claimByCode(database().db, "99490"))?.status).toBe("pending");

    const accepted = await press(submit, "UBILL", "bill");

    expect(accepted.replace_original).toBe(true);
    expect(allText(accepted)).toContain("Submitted to the payer");
    expect(allText(accepted)).toContain("marked by slack:UBILL");
    expect(buttonsOf(accepted).map((button) => button.text.text)).toEqual([
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

  it("refuses an undo of a submitted claim and tells billing", async () => {
    await log("spent 25 min with Jane Doe on care plan");
    await waitForBillingPosts(1);
    const submit = buttonsOf(billingPosts()[0]?.params ?? {})[0];
    await press(submit, "UBILL", "bill");
    const [encounter] = await database().db.select().from(encounters);

    const answer = await press(
      { action_id: "ccm_undo_encounter:0", value: String(encounter?.id), text: { text: "Undo" } },
      "UNURSE",
      "undo",
    );

    expect(allText(answer)).toContain("Not undone");
    expect(allText(answer)).toContain("99490 (submitted)");
    const [row] = await database().db.select().from(encounters);
    expect(row?.voidedAt).toBeNull();
    await waitForBillingPosts(2);
    const note = allText(billingPosts()[1]?.params ?? {});
    expect(note).toContain("Change refused: undo");
    expect(note).toContain("J.D. · MRN 100234 · March 2026");
    expect(note).not.toContain("Jane");
  });

  it("updates the 99439 post when an undo takes 40 to 35", async () => {
    await log("spent 20 min with Jane Doe on care plan");
    await log("15 min with Jane Doe on refills");
    await log("5 min with Jane Doe phone call");
    await waitForBillingPosts(2);
    const addOnPost = billingPosts()[1];
    expect(allText(addOnPost?.params ?? {})).toContain("Claim earned: 99439");

    await log("undo");
    await harness.fake.waitFor((calls) => calls.some((call) => call.method === "chat.update"));
    await waitForBillingPosts(3);

    const [update] = harness.fake.callsTo("chat.update");
    expect(update?.params.channel).toBe("CBILLING");
    const [addOnRow] = (await queuedPosts(database().db, "claim_earned")).filter(
      (post) => post.payload.code === "99439",
    );
    expect(update?.params.ts).toBe(addOnRow?.result?.ts);
    expect(allText(update?.params ?? {})).toContain("VOIDED: 99439");
    const voidPost = allText(billingPosts()[2]?.params ?? {});
    expect(voidPost).toContain("Claim voided: 99439");
    expect(voidPost).toContain("total now 35 min");
    expect(voidPost).toContain(
      "CCM, clinical staff time now totals 35 min, short of the 40 min that 99439 needs",
    );
    expect((await claimByCode(database().db, "99490"))?.status).toBe("pending");
  });

  it("sends the month's export as a file to the requester", async () => {
    await log("spent 20 min with Jane Doe on care plan");
    await waitForBillingPosts(1);

    const answer = await command("export 2026-03", "UBILL", "export");

    expect(allText(answer)).toContain("1 claim, sent to you as ccm-claims-2026-03.csv");
    const [open] = harness.fake.callsTo("conversations.open");
    expect(open?.params.users).toBe("UBILL");
    expect(harness.fake.callsTo("files.getUploadURLExternal")[0]?.params.filename).toBe(
      "ccm-claims-2026-03.csv",
    );
    const [complete] = harness.fake.callsTo("files.completeUploadExternal");
    expect(complete?.params.channel_id).toBe("DUBILL");
    const [upload] = harness.fake.uploads;
    const rows = parse(upload?.content ?? "", { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.patient_mrn, row.code, row.total_minutes])).toEqual([
      ["100234", "99490", "20"],
    ]);
  });

  it("refuses the export to care staff", async () => {
    const answer = await command("export 2026-03", "UNURSE", "export-nurse");

    expect(allText(answer)).toContain("Only billing staff or an admin can export claims.");
    expect(harness.fake.callsTo("files.getUploadURLExternal")).toHaveLength(0);
  });

  it("closes February and refuses a later log dated in it", async () => {
    const closed = await command("close 2026-02", "UBILL", "close");
    expect(allText(closed)).toContain("Closed February 2026");

    await log("20 min with Jane Doe on 2/20 care plan");

    const reply = harness.fake
      .callsTo("chat.postMessage")
      .find((call) => call.params.channel === "CCARE");
    expect(allText(reply?.params ?? {})).toContain("February 2026 is closed for billing");
    expect(allText(reply?.params ?? {})).toContain("/ccm reopen 2026-02");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(0);
    expect(allText(await command("close 2026-02", "UNURSE", "close-nurse"))).toContain(
      "Only billing staff or an admin can close a month.",
    );
  });

  it("marks a month complex by command", async () => {
    await log("spent 60 min with Jane Doe on care plan");
    await waitForBillingPosts(2);

    const answer = await command("complex Jane Doe 2026-03", "UNURSE", "complex");

    expect(allText(answer)).toContain("is now marked complex for March 2026");
    const live = (await database().db.select().from(claims)).filter(
      (claim) => claim.status !== "void",
    );
    expect(live.map((claim) => claim.code)).toEqual(["99487"]);
    await waitForBillingPosts(5);
    const texts = billingPosts().map((call) => allText(call.params));
    expect(texts.filter((text) => text.includes("Claim voided"))).toHaveLength(2);
    expect(texts.some((text) => text.includes("Claim earned: 99487"))).toBe(true);
  });
});

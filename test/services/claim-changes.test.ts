import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents, encounters } from "../../db/schema/index.ts";
import { changeClaimStatus } from "../../src/services/claim-status.ts";
import { handleMessage } from "../../src/services/handle-message.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import { checkMonthUnlocked } from "../../src/services/month-lock.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { instantFromLocalTime } from "../../src/time/calendar.ts";
import { claimByCode, liveClaimCodes, logInput, queuedPosts } from "../support/billing.ts";
import { createTestContext, TestClock } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

describeDatabases("claim changes", (database) => {
  async function setup(clock?: TestClock) {
    const db = database().db;
    const context = createTestContext(db, clock ? { clock } : {});
    const nurse = await addProvider(db, { userId: "UNURSE", role: "clinical_staff" });
    const drA = await addProvider(db, { userId: "UDRA", role: "physician" });
    const drB = await addProvider(db, { userId: "UDRB", role: "physician" });
    const biller = await addProvider(db, { userId: "UBILL", role: "billing" });
    const patientId = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    return { context, nurse, drA, drB, biller, patientId };
  }

  it("moves mixed logs to the lane that uses more minutes", async () => {
    const { context, nurse, drA, patientId } = await setup();

    await logEncounter(context, logInput(drA, patientId, 30));
    expect(await liveClaimCodes(database().db)).toEqual([["99491", 1]]);
    const result = await logEncounter(context, logInput(nurse, patientId, 10));

    expect(await liveClaimCodes(database().db)).toEqual([
      ["99439", 1],
      ["99490", 1],
    ]);
    expect((await claimByCode(database().db, "99491"))?.status).toBe("void");
    expect((await claimByCode(database().db, "99490"))?.practitionerId).toBe(drA.id);
    expect(result.status === "recorded" && result.summary.evaluation.lane).toBe("staff");
    const voided = await queuedPosts(database().db, "claim_voided");
    expect(voided.map((post) => [post.payload.code, post.payload.reason])).toEqual([
      ["99491", "lane_changed"],
    ]);
  });

  it("keeps the practitioner lane for a few staff minutes", async () => {
    const { context, nurse, drA, patientId } = await setup();

    await logEncounter(context, logInput(nurse, patientId, 5));
    const result = await logEncounter(context, logInput(drA, patientId, 30));

    expect(await liveClaimCodes(database().db)).toEqual([["99491", 1]]);
    expect(result.status === "recorded" && result.summary.totalMinutes).toBe(35);
    expect(result.status === "recorded" && result.summary.evaluation.totalMinutes).toBe(30);
  });

  it("voids 99439 on an undo from 40 to 35", async () => {
    const { context, nurse, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 20));
    await logEncounter(context, logInput(nurse, patientId, 15));
    const last = await logEncounter(context, logInput(nurse, patientId, 5));
    expect(await liveClaimCodes(database().db)).toEqual([
      ["99439", 1],
      ["99490", 1],
    ]);

    const undo = await undoEncounter(
      context,
      last.status === "recorded" ? last.encounterId : 0,
      nurse,
    );

    expect(undo.status).toBe("undone");
    expect(await liveClaimCodes(database().db)).toEqual([["99490", 1]]);
    expect((await claimByCode(database().db, "99439"))?.status).toBe("void");
    expect(undo.status === "undone" && undo.claimChanges).toEqual([
      expect.objectContaining({ code: "99439", change: "voided", reason: "below_threshold" }),
    ]);
    const voided = await queuedPosts(database().db, "claim_voided");
    expect(voided).toHaveLength(1);
    expect(voided[0]?.payload).toMatchObject({ code: "99439", totalMinutes: 35, status: "void" });
    const audit = await database()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "encounter.undo"));
    expect(audit).toHaveLength(1);
  });

  it("posts an add-on earned later as a new post", async () => {
    const { context, nurse, patientId } = await setup();

    await logEncounter(context, logInput(nurse, patientId, 20));
    await logEncounter(context, logInput(nurse, patientId, 20));

    const earned = await queuedPosts(database().db, "claim_earned");
    expect(earned.map((post) => [post.payload.code, post.payload.units])).toEqual([
      ["99490", 1],
      ["99439", 1],
    ]);
    expect(earned[1]?.claimId).not.toBe(earned[0]?.claimId);
    expect(earned[1]?.payload).toMatchObject({
      expectedCents: 4800,
      feeEstimate: true,
      lane: "staff",
    });
  });

  it("flags a second practitioner's log instead of billing it", async () => {
    const { context, drA, drB, patientId } = await setup();

    await logEncounter(context, logInput(drA, patientId, 30));
    const second = await logEncounter(context, logInput(drB, patientId, 30));

    expect(second.status).toBe("recorded");
    expect(second.status === "recorded" && second.notBilled).toEqual({
      reason: "other_practitioner",
      billingPractitioner: "slack:UDRA",
    });
    expect(await liveClaimCodes(database().db)).toEqual([["99491", 1]]);
    expect((await claimByCode(database().db, "99491"))?.practitionerId).toBe(drA.id);
    const notes = await queuedPosts(database().db, "billing_note");
    expect(notes.map((note) => note.payload)).toEqual([
      {
        initials: "J.D.",
        mrn: "100234",
        month: "2026-03",
        note: "log_not_billed",
        reason: "other_practitioner",
        minutes: 30,
        loggedBy: "slack:UDRB",
        billingPractitioner: "slack:UDRA",
      },
    ]);
    expect(await database().db.select().from(encounters)).toHaveLength(2);
  });

  it("counts 23:30 on 31 January in New York in January", async () => {
    const instant = instantFromLocalTime("2026-01-31T23:30", "America/New_York");
    const { context, patientId } = await setup(new TestClock(instant));
    expect(instant.toISOString()).toBe("2026-02-01T04:30:00.000Z");

    const outcome = await handleMessage(context, {
      user: { platform: "slack", userId: "UNURSE" },
      source: { platform: "slack", channel: "CCARE", messageId: "1769920200.000100" },
      text: "spent 20 min with Jane Doe on care plan",
      instant,
    });

    expect(outcome.kind).toBe("log");
    const [row] = await database()
      .db.select()
      .from(encounters)
      .where(eq(encounters.patientId, patientId));
    expect(row?.serviceDate).toBe("2026-01-31");
    expect((await claimByCode(database().db, "99490"))?.month).toBe("2026-01");
  });

  it("keeps service dates through a daylight-saving week", async () => {
    const clock = new TestClock(new Date("2026-11-05T17:00:00Z"));
    const { context } = await setup(clock);
    // 1 November 2026: 01:30 happens twice in New York, at 05:30Z (EDT) and 06:30Z (EST).
    const messages: [string, string][] = [
      ["2026-11-01T03:30:00Z", "2026-10-31"],
      ["2026-11-01T05:30:00Z", "2026-11-01"],
      ["2026-11-01T06:30:00Z", "2026-11-01"],
      ["2026-11-02T04:30:00Z", "2026-11-01"],
      ["2026-11-02T05:30:00Z", "2026-11-02"],
    ];

    for (const [index, [utc]] of messages.entries()) {
      const outcome = await handleMessage(context, {
        user: { platform: "slack", userId: "UNURSE" },
        source: { platform: "slack", channel: "CCARE", messageId: `dst-${index}` },
        text: "10 min with Jane Doe on meds",
        instant: new Date(utc),
      });
      expect(outcome.kind).toBe("log");
    }

    const rows = await database().db.select().from(encounters).orderBy(encounters.id);
    expect(rows.map((row) => row.serviceDate)).toEqual(messages.map(([, date]) => date));
    expect(await liveClaimCodes(database().db)).toEqual([
      ["99439", 1],
      ["99490", 1],
    ]);
    expect((await claimByCode(database().db, "99490"))?.month).toBe("2026-11");
    expect((await claimByCode(database().db, "99490"))?.totalMinutes).toBe(40);
  });

  it("refuses an undo once the claim is submitted", async () => {
    const { context, nurse, biller, patientId } = await setup();
    const logged = await logEncounter(context, logInput(nurse, patientId, 25));
    const claim = await claimByCode(database().db, "99490");
    const submitted = await changeClaimStatus(context, biller, claim?.id ?? 0, "submitted");
    expect(submitted.status).toBe("changed");

    const undo = await undoEncounter(
      context,
      logged.status === "recorded" ? logged.encounterId : 0,
      nurse,
    );

    expect(undo.status).toBe("locked");
    expect(undo.status === "locked" && undo.lock).toMatchObject({
      code: "claim_submitted",
      claims: [{ code: "99490", status: "submitted" }],
    });
    const [row] = await database().db.select().from(encounters);
    expect(row?.voidedAt).toBeNull();
    const notes = await queuedPosts(database().db, "billing_note");
    expect(notes.map((note) => note.payload)).toEqual([
      {
        initials: "J.D.",
        mrn: "100234",
        month: "2026-03",
        note: "locked_change_refused",
        action: "undo",
        lock: "claim_submitted",
        claims: ["99490 (submitted)"],
        requestedBy: "slack:UNURSE",
      },
    ]);
    expect(await checkMonthUnlocked(database().db, patientId, "2026-03")).toMatchObject({
      ok: false,
      code: "claim_submitted",
    });
    expect(await checkMonthUnlocked(database().db, patientId, "2026-04")).toEqual({ ok: true });
  });

  it("bills a later add-on beside a submitted claim", async () => {
    const { context, nurse, biller, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 25));
    await changeClaimStatus(
      context,
      biller,
      (await claimByCode(database().db, "99490"))?.id ?? 0,
      "submitted",
    );

    await logEncounter(context, logInput(nurse, patientId, 15));

    expect((await claimByCode(database().db, "99490"))?.status).toBe("submitted");
    expect(await claimByCode(database().db, "99439")).toMatchObject({
      status: "pending",
      units: 1,
    });
  });

  it("never changes a submitted claim's units", async () => {
    const { context, nurse, biller, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 40));
    await changeClaimStatus(
      context,
      biller,
      (await claimByCode(database().db, "99439"))?.id ?? 0,
      "submitted",
    );

    await logEncounter(context, logInput(nurse, patientId, 20));

    expect(await claimByCode(database().db, "99439")).toMatchObject({
      status: "submitted",
      units: 1,
    });
    const notes = await queuedPosts(database().db, "billing_note");
    expect(notes.map((note) => note.payload)).toEqual([
      expect.objectContaining({
        note: "locked_claim_differs",
        code: "99439",
        claimUnits: 1,
        earnedUnits: 2,
      }),
    ]);
  });

  it("moves claim states for billing staff only", async () => {
    const { context, nurse, biller, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 20));
    const claimId = (await claimByCode(database().db, "99490"))?.id ?? 0;

    expect((await changeClaimStatus(context, nurse, claimId, "submitted")).status).toBe(
      "not_allowed",
    );
    expect((await changeClaimStatus(context, biller, claimId, "paid")).status).toBe(
      "invalid_transition",
    );
    expect((await changeClaimStatus(context, biller, claimId, "submitted")).status).toBe("changed");
    expect((await changeClaimStatus(context, biller, claimId, "rejected")).status).toBe("changed");
    expect((await changeClaimStatus(context, biller, claimId, "submitted")).status).toBe("changed");
    const paid = await changeClaimStatus(context, biller, claimId, "paid");

    expect(paid).toMatchObject({ status: "changed", from: "submitted", changedBy: "slack:UBILL" });
    expect((await claimByCode(database().db, "99490"))?.status).toBe("paid");
    const audit = await database()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "claim.status_change"))
      .orderBy(auditEvents.id);
    expect(
      audit.map((row) => [row.actorProviderId, row.entityId, row.details.from, row.details.to]),
    ).toEqual([
      [biller.id, String(claimId), "pending", "submitted"],
      [biller.id, String(claimId), "submitted", "rejected"],
      [biller.id, String(claimId), "rejected", "submitted"],
      [biller.id, String(claimId), "submitted", "paid"],
    ]);
  });
});

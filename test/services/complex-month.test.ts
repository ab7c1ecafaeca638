import { expect, it } from "vitest";
import { changeClaimStatus } from "../../src/services/claim-status.ts";
import { markMonthComplex } from "../../src/services/complex-month.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import { claimByCode, liveClaimCodes, logInput, queuedPosts } from "../support/billing.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

describeDatabases("markMonthComplex", (database) => {
  async function setup() {
    const db = database().db;
    const context = createTestContext(db);
    const nurse = await addProvider(db, { userId: "UNURSE", role: "clinical_staff" });
    const biller = await addProvider(db, { userId: "UBILL", role: "billing" });
    const patientId = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    return { context, nurse, biller, patientId };
  }

  it("switches 60 minutes to complex CCM and back", async () => {
    const { context, nurse, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 60));

    const marked = await markMonthComplex(context, nurse, {
      patientId,
      month: "2026-03",
      complex: true,
    });

    expect(marked.status).toBe("marked");
    expect(await liveClaimCodes(database().db)).toEqual([["99487", 1]]);
    const voided = await queuedPosts(database().db, "claim_voided");
    expect(voided.map((post) => [post.payload.code, post.payload.reason])).toEqual([
      ["99490", "lane_changed"],
      ["99439", "lane_changed"],
    ]);

    const cleared = await markMonthComplex(context, nurse, {
      patientId,
      month: "2026-03",
      complex: false,
    });

    expect(cleared.status).toBe("unmarked");
    expect(await liveClaimCodes(database().db)).toEqual([
      ["99439", 2],
      ["99490", 1],
    ]);
    expect((await claimByCode(database().db, "99487"))?.status).toBe("void");
  });

  it("leaves a marked month alone when marked again", async () => {
    const { context, nurse, patientId } = await setup();

    await markMonthComplex(context, nurse, { patientId, month: "2026-03", complex: true });
    const again = await markMonthComplex(context, nurse, {
      patientId,
      month: "2026-03",
      complex: true,
    });

    expect(again.status).toBe("unchanged");
  });

  it("refuses billing staff and locked months", async () => {
    const { context, nurse, biller, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 60));
    await changeClaimStatus(
      context,
      biller,
      (await claimByCode(database().db, "99490"))?.id ?? 0,
      "submitted",
    );

    expect(
      await markMonthComplex(context, biller, { patientId, month: "2026-03", complex: true }),
    ).toEqual({
      status: "not_allowed",
    });
    const locked = await markMonthComplex(context, nurse, {
      patientId,
      month: "2026-03",
      complex: true,
    });

    expect(locked).toMatchObject({ status: "locked", lock: { code: "claim_submitted" } });
    expect(await liveClaimCodes(database().db)).toEqual([
      ["99439", 2],
      ["99490", 1],
    ]);
  });
  it("refuses a month that has not started", async () => {
    const { context, nurse, patientId } = await setup();

    const result = await markMonthComplex(context, nurse, {
      patientId,
      month: "2030-01",
      complex: true,
    });

    expect(result).toMatchObject({ status: "future_month", month: "2030-01" });
  });

  it("refuses a PCM patient", async () => {
    const { context, nurse } = await setup();
    const pcmPatient = await enrollTestPatient(context, nurse, {
      name: "Paul Single",
      mrn: "200300",
      program: "pcm",
      conditions: ["heart failure"],
    });

    const result = await markMonthComplex(context, nurse, {
      patientId: pcmPatient,
      month: "2026-03",
      complex: true,
    });

    expect(result.status).toBe("not_in_ccm");
  });

  it("refuses a month before the enrollment", async () => {
    const { context, nurse, patientId } = await setup();

    const result = await markMonthComplex(context, nurse, {
      patientId,
      month: "1999-06",
      complex: true,
    });

    expect(result.status).toBe("not_in_ccm");
  });
});

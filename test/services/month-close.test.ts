import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents, encounters } from "../../db/schema/index.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import { closeMonth, reopenMonth } from "../../src/services/month-close.ts";
import { checkMonthUnlocked } from "../../src/services/month-lock.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { logInput, queuedPosts } from "../support/billing.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

describeDatabases("month close", (database) => {
  async function setup() {
    const db = database().db;
    // The clock stands at 10 March 2026, so February is over and March is not.
    const context = createTestContext(db);
    const nurse = await addProvider(db, { userId: "UNURSE", role: "clinical_staff" });
    const biller = await addProvider(db, { userId: "UBILL", role: "billing" });
    const patientId = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    return { context, nurse, biller, patientId };
  }

  it("refuses logs dated in a closed month", async () => {
    const { context, nurse, biller, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 20, "2026-02-10"));

    const closed = await closeMonth(context, biller, "2026-02");
    const late = await logEncounter(context, logInput(nurse, patientId, 10, "2026-02-27"));
    const current = await logEncounter(context, logInput(nurse, patientId, 10, "2026-03-02"));

    expect(closed).toEqual({ status: "closed", month: "2026-02", claimCounts: { pending: 1 } });
    expect(late).toMatchObject({
      status: "refused",
      code: "month_closed",
      serviceDate: "2026-02-27",
    });
    expect(current.status).toBe("recorded");
    expect(await database().db.select().from(encounters)).toHaveLength(2);
    const audit = await database()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "month.close"));
    expect(audit.map((row) => [row.entityId, row.actorProviderId])).toEqual([
      ["2026-02", biller.id],
    ]);
  });

  it("refuses an undo in a closed month and tells billing", async () => {
    const { context, nurse, biller, patientId } = await setup();
    const logged = await logEncounter(context, logInput(nurse, patientId, 10, "2026-02-10"));
    await closeMonth(context, biller, "2026-02");

    const undo = await undoEncounter(
      context,
      logged.status === "recorded" ? logged.encounterId : 0,
      nurse,
    );

    expect(undo).toMatchObject({
      status: "locked",
      lock: { code: "month_closed", month: "2026-02" },
    });
    const notes = await queuedPosts(database().db, "billing_note");
    expect(
      notes.map((note) => [note.payload.note, note.payload.lock, note.payload.action]),
    ).toEqual([["locked_change_refused", "month_closed", "undo"]]);
    expect(await checkMonthUnlocked(database().db, patientId, "2026-02")).toMatchObject({
      ok: false,
      code: "month_closed",
    });
  });

  it("lets billing staff only close a month that is over", async () => {
    const { context, nurse, biller } = await setup();

    expect(await closeMonth(context, nurse, "2026-02")).toEqual({ status: "not_allowed" });
    expect(await closeMonth(context, biller, "2026-03")).toEqual({
      status: "month_not_over",
      month: "2026-03",
    });
    expect(await closeMonth(context, biller, "2026-13")).toEqual({
      status: "invalid_month",
      text: "2026-13",
    });
    expect((await closeMonth(context, biller, "2026-02")).status).toBe("closed");
    expect((await closeMonth(context, biller, "2026-02")).status).toBe("already_closed");
  });

  it("accepts logs again after a reopen", async () => {
    const { context, nurse, biller, patientId } = await setup();
    await closeMonth(context, biller, "2026-02");

    expect(await reopenMonth(context, nurse, "2026-02")).toEqual({ status: "not_allowed" });
    expect(await reopenMonth(context, biller, "2026-02")).toEqual({
      status: "reopened",
      month: "2026-02",
    });
    expect(await reopenMonth(context, biller, "2026-02")).toEqual({
      status: "not_closed",
      month: "2026-02",
    });

    const log = await logEncounter(context, logInput(nurse, patientId, 10, "2026-02-27"));
    expect(log.status).toBe("recorded");
  });
});

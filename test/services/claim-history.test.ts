import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import { renderMonthReport } from "../../src/exports/report-text.ts";
import { markMonthComplex } from "../../src/services/complex-month.ts";
import { billingSettingsOf } from "../../src/services/context.ts";
import { applyMessageDeletion } from "../../src/services/delete-encounter.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import { buildMonthReport } from "../../src/services/month-report.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { logInput } from "../support/billing.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

describeDatabases("claim history", (database) => {
  async function setup() {
    const db = database().db;
    const context = createTestContext(db);
    const nurse = await addProvider(db, { userId: "UNURSE", role: "clinical_staff" });
    const patientId = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    return { context, nurse, patientId };
  }

  async function claimAudit() {
    return database()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.entity, "claim"))
      .orderBy(asc(auditEvents.id));
  }

  async function logId(result: Awaited<ReturnType<typeof logEncounter>>): Promise<number> {
    if (result.status !== "recorded") throw new Error(`log not recorded: ${result.status}`);
    return result.encounterId;
  }

  it("records creation, void and revival", async () => {
    const { context, nurse, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 15));
    const second = await logId(await logEncounter(context, logInput(nurse, patientId, 5)));
    await undoEncounter(context, second, nurse);
    const third = await logId(await logEncounter(context, logInput(nurse, patientId, 5)));
    await undoEncounter(context, third, nurse);

    const rows = await claimAudit();

    expect(rows.map((row) => row.action)).toEqual([
      "claim.create",
      "claim.void",
      "claim.revive",
      "claim.void",
    ]);
    expect(new Set(rows.map((row) => row.entityId)).size).toBe(1);
    expect(rows.map((row) => row.actorProviderId)).toEqual([
      nurse.id,
      nurse.id,
      nurse.id,
      nurse.id,
    ]);
    expect(rows.map((row) => row.details)).toEqual([
      {
        code: "99490",
        month: "2026-03",
        units: 1,
        laneMinutes: 20,
        cause: "encounter.log",
        encounterId: second,
      },
      {
        code: "99490",
        month: "2026-03",
        fromUnits: 1,
        units: 1,
        laneMinutes: 15,
        reason: "below_threshold",
        cause: "encounter.undo",
        encounterId: second,
      },
      {
        code: "99490",
        month: "2026-03",
        fromUnits: 1,
        units: 1,
        laneMinutes: 20,
        cause: "encounter.log",
        encounterId: third,
      },
      {
        code: "99490",
        month: "2026-03",
        fromUnits: 1,
        units: 1,
        laneMinutes: 15,
        reason: "below_threshold",
        cause: "encounter.undo",
        encounterId: third,
      },
    ]);
  });

  it("records a units change", async () => {
    const { context, nurse, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 40));
    const more = await logId(await logEncounter(context, logInput(nurse, patientId, 20)));

    const rows = await claimAudit();

    expect(rows.map((row) => [row.action, row.details.code])).toEqual([
      ["claim.create", "99490"],
      ["claim.create", "99439"],
      ["claim.units_change", "99439"],
    ]);
    expect(rows[2]?.details).toMatchObject({ fromUnits: 1, units: 2, encounterId: more });
  });

  it("records a deletion without an actor", async () => {
    const { context, nurse, patientId } = await setup();
    const input = logInput(nurse, patientId, 25);
    const encounterId = await logId(await logEncounter(context, input));

    await applyMessageDeletion(context, input.source);

    const [, voided] = await claimAudit();
    expect(voided?.action).toBe("claim.void");
    expect(voided?.actorProviderId).toBeNull();
    expect(voided?.details).toMatchObject({ cause: "encounter.delete", encounterId });
  });

  it("records the complex mark as the cause", async () => {
    const { context, nurse, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 60));

    const marked = await markMonthComplex(context, nurse, {
      patientId,
      month: "2026-03",
      complex: true,
    });

    expect(marked.status).toBe("marked");
    const rows = (await claimAudit()).slice(2);
    expect(rows.map((row) => [row.action, row.details.code, row.details.cause])).toEqual([
      ["claim.create", "99487", "month.mark_complex"],
      ["claim.void", "99490", "month.mark_complex"],
      ["claim.void", "99439", "month.mark_complex"],
    ]);
    expect(rows[1]?.details.reason).toBe("lane_changed");
    expect(rows[0]?.actorProviderId).toBe(nurse.id);
  });

  it("lists the history in the auditor report", async () => {
    const { context, nurse, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 15));
    const second = await logId(await logEncounter(context, logInput(nurse, patientId, 5)));
    await undoEncounter(context, second, nurse);
    const reports = await buildMonthReport(database().db, billingSettingsOf(context), "2026-03");
    const text = renderMonthReport("2026-03", reports, new Date(), context.timeZone);

    const lines = text.split("\n");
    const claimLine = lines.findIndex((line) => line.startsWith("  claim "));
    expect(lines[claimLine]).toContain("99490, void");
    const [created, voided] = [lines[claimLine + 1], lines[claimLine + 2]];
    expect(created).toMatch(/^ {4}\S+ claim\.create by slack:UNURSE \(/);
    expect(created).toContain("cause=encounter.log");
    expect(voided).toMatch(/^ {4}\S+ claim\.void by slack:UNURSE \(/);
    expect(voided).toContain("reason=below_threshold");
    expect(voided).toContain(`encounterId=${second}`);
  });
});

import { expect, it } from "vitest";
import { markMonthComplex } from "../../src/services/complex-month.ts";
import { summarizeProviderMonth } from "../../src/services/provider-month.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { createTestContext, TestClock } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient, logMinutes } from "../support/seed.ts";

describeDatabases("summarizeProviderMonth", (database) => {
  async function setup() {
    const clock = new TestClock(new Date());
    clock.setLocal("2026-03-10T09:00");
    const context = createTestContext(database().db, { clock });
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const other = await addProvider(database().db, { userId: "UOTHER" });
    const enroll = (name: string, mrn: string) => enrollTestPatient(context, nurse, { name, mrn });
    return { context, nurse, other, enroll };
  }

  it("lists only the provider's patients", async () => {
    const { context, nurse, other, enroll } = await setup();
    const jane = await enroll("Jane Doe", "100234");
    const john = await enroll("John Roe", "100243");
    await logMinutes(context, nurse, jane, 5, "2026-03-02");
    await logMinutes(context, other, jane, 12, "2026-03-03");
    await logMinutes(context, other, john, 15, "2026-03-03");

    const month = await summarizeProviderMonth(context, nurse.id);

    expect(month.patientCount).toBe(1);
    expect(month.patients[0]).toMatchObject({
      patient: { name: "Jane Doe", mrn: "100234" },
      totalMinutes: 17,
      ownMinutes: 5,
    });
    expect(month.daysLeft).toBe(22);
  });

  it("puts the closest patient first", async () => {
    const { context, nurse, enroll } = await setup();
    for (const [mrn, minutes] of [
      ["100001", 5],
      ["100002", 65],
      ["100003", 18],
      ["100004", 35],
    ] as const) {
      await logMinutes(context, nurse, await enroll(`Patient ${mrn}`, mrn), minutes, "2026-03-02");
    }

    const month = await summarizeProviderMonth(context, nurse.id);

    expect(month.patients.map((entry) => entry.patient.mrn)).toEqual([
      "100003",
      "100004",
      "100001",
      "100002",
    ]);
  });

  it("counts claims that are not voided", async () => {
    const { context, nurse, enroll } = await setup();
    const jane = await enroll("Jane Doe", "100234");
    const john = await enroll("John Roe", "100243");
    await logMinutes(context, nurse, jane, 45, "2026-03-02");
    const johns = await logMinutes(context, nurse, john, 20, "2026-03-02");
    await undoEncounter(context, johns.encounterId, nurse);
    await logMinutes(context, nurse, john, 3, "2026-03-03");

    const month = await summarizeProviderMonth(context, nurse.id);

    expect(month.claimCount).toBe(2);
    const janeEntry = month.patients.find((entry) => entry.patient.mrn === "100234");
    expect(janeEntry?.claims).toEqual([
      { code: "99490", units: 1 },
      { code: "99439", units: 1 },
    ]);
  });

  it("follows PCM and complex codes", async () => {
    const { context, nurse } = await setup();
    const paula = await enrollTestPatient(context, nurse, {
      name: "Paula Prince",
      mrn: "300300",
      program: "pcm",
      conditions: ["heart failure"],
    });
    const carl = await enrollTestPatient(context, nurse, { name: "Carl Cole", mrn: "400400" });
    await markMonthComplex(context, nurse, { patientId: carl, month: "2026-03", complex: true });
    await logMinutes(context, nurse, paula, 40, "2026-03-02");
    await logMinutes(context, nurse, carl, 85, "2026-03-02");

    const month = await summarizeProviderMonth(context, nurse.id);

    const next = (mrn: string) =>
      month.patients.find((entry) => entry.patient.mrn === mrn)?.evaluation.next;
    expect(next("300300")).toEqual({ code: "99427", atMinutes: 60, minutesMissing: 20 });
    expect(next("400400")).toEqual({ code: "99489", atMinutes: 90, minutesMissing: 5 });
  });

  it("is empty before the first log", async () => {
    const { context, nurse } = await setup();

    const month = await summarizeProviderMonth(context, nurse.id);

    expect(month).toMatchObject({ month: "2026-03", patients: [], patientCount: 0 });
  });
});

import { expect, it } from "vitest";
import { auditEvents, encounters, enrollments } from "../../db/schema/index.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import { unenrollPatient } from "../../src/services/unenroll-patient.ts";
import { createTestContext, TestClock } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

let messageNumber = 0;

describeDatabases("unenrollPatient", (database) => {
  async function setup(localTime = "2026-03-10T15:00") {
    const clock = new TestClock(new Date());
    clock.setLocal(localTime);
    const context = createTestContext(database().db, { clock });
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const patientId = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    return { context, clock, nurse, patientId };
  }

  function log(
    context: ReturnType<typeof createTestContext>,
    nurse: Awaited<ReturnType<typeof addProvider>>,
    patientId: number,
    serviceDate: string,
  ) {
    messageNumber += 1;
    return logEncounter(context, {
      patientId,
      provider: nurse,
      minutes: 20,
      serviceDate,
      note: "call",
      source: { platform: "slack", channel: "CCARE", messageId: `u${messageNumber}` },
    });
  }

  it("ends the enrollment on the last day of the month", async () => {
    const { context, nurse, patientId } = await setup();

    const result = await unenrollPatient(context, nurse, patientId, "consent withdrawn");

    expect(result).toMatchObject({
      status: "unenrolled",
      endsOn: "2026-03-31",
      reason: "consent withdrawn",
    });
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({ endsOn: "2026-03-31", endReason: "consent withdrawn" });
  });

  it("stores the reason without control characters", async () => {
    const { context, nurse, patientId } = await setup();

    await unenrollPatient(context, nurse, patientId, "consent\u0000 withdrawn");

    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment?.endReason).toBe("consent withdrawn");
  });

  it("uses the practice month, not the UTC one", async () => {
    // 23:30 on 31 March in New York is already 1 April in UTC.
    const { context, nurse, patientId } = await setup("2026-03-31T23:30");

    const result = await unenrollPatient(context, nurse, patientId, undefined);

    expect(result).toMatchObject({ status: "unenrolled", endsOn: "2026-03-31", reason: null });
  });

  it("refuses logs after the end with the reason", async () => {
    const { context, nurse, patientId } = await setup();
    await unenrollPatient(context, nurse, patientId, "moved to another practice");

    const inside = await log(context, nurse, patientId, "2026-03-31");
    const after = await log(context, nurse, patientId, "2026-04-01");

    expect(inside.status).toBe("recorded");
    expect(after).toMatchObject({
      status: "refused",
      code: "enrollment_ended",
      enrollment: { endsOn: "2026-03-31", endReason: "moved to another practice" },
    });
    expect(await database().db.select().from(encounters)).toHaveLength(1);
  });

  it("audits the unenrollment", async () => {
    const { context, nurse, patientId } = await setup();

    await unenrollPatient(context, nurse, patientId, "declined");

    const rows = await database().db.select().from(auditEvents);
    const end = rows.find((row) => row.action === "enrollment.end");
    expect(end?.actorProviderId).toBe(nurse.id);
    expect(end?.details).toMatchObject({ patientId, endsOn: "2026-03-31", reason: "declined" });
  });

  it("leaves a pending end alone", async () => {
    const { context, nurse, patientId } = await setup();
    await unenrollPatient(context, nurse, patientId, "first");

    const again = await unenrollPatient(context, nurse, patientId, "second");

    expect(again).toMatchObject({
      status: "already_ending",
      endsOn: "2026-03-31",
      reason: "first",
    });
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment?.endReason).toBe("first");
  });

  it("says a lapsed patient is not enrolled", async () => {
    const { context, clock, nurse, patientId } = await setup();
    await unenrollPatient(context, nurse, patientId, undefined);
    clock.setLocal("2026-04-02T10:00");

    const result = await unenrollPatient(context, nurse, patientId, undefined);

    expect(result.status).toBe("not_enrolled");
  });
});

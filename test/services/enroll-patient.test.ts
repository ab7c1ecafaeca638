import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditEvents, enrollments, patients } from "../../db/schema/index.ts";
import { type EnrollmentInput, enrollPatient } from "../../src/services/enroll-patient.ts";
import { unenrollPatient } from "../../src/services/unenroll-patient.ts";
import { createTestContext, TestClock } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider } from "../support/seed.ts";

function janeInput(fields: Partial<EnrollmentInput> = {}): EnrollmentInput {
  return {
    name: "Jane Doe",
    mrn: "100234",
    dateOfBirth: "1950-04-02",
    conditions: ["diabetes", "hypertension"],
    program: "ccm",
    consentType: "verbal",
    consentDate: "2026-03-05",
    consentObtainedBy: "Nurse Joy",
    toldCostSharing: true,
    toldOnePractitioner: true,
    toldRightToStop: true,
    ...fields,
  };
}

describeDatabases("enrollPatient", (database) => {
  async function setup() {
    const clock = new TestClock(new Date());
    clock.setLocal("2026-03-10T15:00");
    const context = createTestContext(database().db, { clock });
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    return { context, clock, nurse };
  }

  async function rowCounts() {
    const db = database().db;
    return {
      patients: (await db.select().from(patients)).length,
      enrollments: (await db.select().from(enrollments)).length,
      audit: (await db.select().from(auditEvents)).length,
    };
  }

  it("enrolls a new patient and audits who and what", async () => {
    const { context, nurse } = await setup();

    const result = await enrollPatient(context, nurse, janeInput());

    expect(result).toMatchObject({ status: "enrolled", newPatient: true, startsOn: "2026-03-05" });
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({
      consentDate: "2026-03-05",
      consentObtainedBy: "Nurse Joy",
      toldCostSharing: true,
      toldOnePractitioner: true,
      toldRightToStop: true,
      enrolledByProviderId: nurse.id,
    });
    const [audit] = await database().db.select().from(auditEvents);
    expect(audit?.action).toBe("enrollment.create");
    expect(audit?.actorProviderId).toBe(nurse.id);
    expect(audit?.at).toBeInstanceOf(Date);
    expect(audit?.details).toMatchObject({ consentType: "verbal", consentDate: "2026-03-05" });
  });

  it("reports every invalid field at once and writes nothing", async () => {
    const { context, nurse } = await setup();

    const result = await enrollPatient(
      context,
      nurse,
      janeInput({
        mrn: "",
        dateOfBirth: "2031-01-01",
        conditions: ["diabetes"],
        consentType: undefined,
        consentDate: "2026-04-01",
        toldRightToStop: false,
      }),
    );

    expect(result.status).toBe("invalid");
    const codes = result.status === "invalid" ? result.problems.map((p) => p.code) : [];
    expect(codes).toEqual([
      "invalid_mrn",
      "future_date_of_birth",
      "too_few_conditions",
      "missing_consent",
      "future_consent_date",
      "missing_disclosure",
    ]);
    expect(await rowCounts()).toEqual({ patients: 0, enrollments: 0, audit: 0 });
  });

  it("rejects an unparsable date of birth", async () => {
    const { context, nurse } = await setup();

    const result = await enrollPatient(context, nurse, janeInput({ dateOfBirth: "1950-02-30" }));

    expect(result).toMatchObject({
      status: "invalid",
      problems: [{ code: "invalid_date_of_birth" }],
    });
    expect(await rowCounts()).toEqual({ patients: 0, enrollments: 0, audit: 0 });
  });

  it("counts a repeated condition once", async () => {
    const { context, nurse } = await setup();

    const result = await enrollPatient(
      context,
      nurse,
      janeInput({ conditions: ["Diabetes", " diabetes "] }),
    );

    expect(result.status).toBe("invalid");
    const problems = result.status === "invalid" ? result.problems : [];
    expect(problems.map((problem) => problem.code)).toEqual(["too_few_conditions"]);
    expect(problems[0]?.message).toContain("1 given");
    expect(await rowCounts()).toEqual({ patients: 0, enrollments: 0, audit: 0 });
  });

  it("accepts one condition for PCM only", async () => {
    const { context, nurse } = await setup();

    const ccm = await enrollPatient(context, nurse, janeInput({ conditions: ["CKD stage 4"] }));
    const pcm = await enrollPatient(
      context,
      nurse,
      janeInput({ conditions: ["CKD stage 4"], program: "pcm" }),
    );

    expect(ccm.status).toBe("invalid");
    expect(pcm.status).toBe("enrolled");
  });

  it("rejects an MRN that belongs to another name", async () => {
    const { context, nurse } = await setup();
    await enrollPatient(context, nurse, janeInput());
    const before = await rowCounts();

    const result = await enrollPatient(context, nurse, janeInput({ name: "Mary Major" }));

    expect(result).toMatchObject({ status: "invalid", problems: [{ code: "duplicate_mrn" }] });
    expect(await rowCounts()).toEqual(before);
  });

  it("changes nothing for the same enrollment twice", async () => {
    const { context, nurse } = await setup();
    await enrollPatient(context, nurse, janeInput());
    const before = await rowCounts();

    const result = await enrollPatient(context, nurse, janeInput({ name: "jane doe" }));

    expect(result.status).toBe("already_enrolled");
    expect(await rowCounts()).toEqual(before);
  });

  it("moves consent earlier with an audit row", async () => {
    const { context, nurse } = await setup();
    await enrollPatient(context, nurse, janeInput());

    const result = await enrollPatient(context, nurse, janeInput({ consentDate: "2026-03-01" }));

    expect(result.status).toBe("updated");
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({ consentDate: "2026-03-01", startsOn: "2026-03-01" });
    const audit = await database()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "consent.update"));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({
      changes: [
        { field: "consentDate", from: "2026-03-05", to: "2026-03-01" },
        { field: "startsOn", from: "2026-03-05", to: "2026-03-01" },
      ],
    });
  });

  it("keeps an earlier consent over a later one", async () => {
    const { context, nurse } = await setup();
    await enrollPatient(context, nurse, janeInput());

    const result = await enrollPatient(context, nurse, janeInput({ consentDate: "2026-03-09" }));

    expect(result.status).toBe("already_enrolled");
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment?.consentDate).toBe("2026-03-05");
  });

  it("records disclosures confirmed later", async () => {
    const { context, nurse } = await setup();
    await enrollPatient(
      context,
      nurse,
      janeInput({
        toldCostSharing: undefined,
        toldOnePractitioner: undefined,
        toldRightToStop: undefined,
      }),
    );

    const result = await enrollPatient(context, nurse, janeInput());

    expect(result.status).toBe("updated");
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({
      toldCostSharing: true,
      toldOnePractitioner: true,
      toldRightToStop: true,
    });
  });

  it("starts a new period after an unenrollment and keeps the old one", async () => {
    const { context, clock, nurse } = await setup();
    const first = await enrollPatient(context, nurse, janeInput());
    const patientId = first.status === "enrolled" ? first.patient.id : 0;
    await unenrollPatient(context, nurse, patientId, "moved away");
    clock.setLocal("2026-05-04T09:00");

    const again = await enrollPatient(context, nurse, janeInput({ consentDate: "2026-05-04" }));

    expect(again).toMatchObject({ status: "enrolled", newPatient: false, startsOn: "2026-05-04" });
    const periods = await database().db.select().from(enrollments).orderBy(enrollments.id);
    expect(periods.map((period) => [period.startsOn, period.endsOn, period.endReason])).toEqual([
      ["2026-03-05", "2026-03-31", "moved away"],
      ["2026-05-04", null, null],
    ]);
    expect(await database().db.select().from(patients)).toHaveLength(1);
  });

  it("starts a re-enrollment after a pending end", async () => {
    const { context, nurse } = await setup();
    const first = await enrollPatient(context, nurse, janeInput());
    const patientId = first.status === "enrolled" ? first.patient.id : 0;
    await unenrollPatient(context, nurse, patientId, undefined);

    const again = await enrollPatient(context, nurse, janeInput({ consentDate: "2026-03-10" }));

    expect(again).toMatchObject({ status: "enrolled", startsOn: "2026-04-01" });
  });

  it("cancels a re-enrollment that has not started", async () => {
    const { context, nurse } = await setup();
    const first = await enrollPatient(context, nurse, janeInput());
    const patientId = first.status === "enrolled" ? first.patient.id : 0;
    await unenrollPatient(context, nurse, patientId, undefined);
    await enrollPatient(context, nurse, janeInput({ consentDate: "2026-03-10" }));

    const result = await unenrollPatient(context, nurse, patientId, "declined again");

    expect(result).toMatchObject({ status: "cancelled", startsOn: "2026-04-01" });
    const periods = await database().db.select().from(enrollments).orderBy(enrollments.id);
    expect(periods.map((period) => [period.startsOn, period.endsOn])).toEqual([
      ["2026-03-05", "2026-03-31"],
      ["2026-04-01", "2026-03-31"],
    ]);
  });

  it("creates one patient when two enroll the same MRN at once", async () => {
    const { context, nurse } = await setup();

    const results = await Promise.all([
      enrollPatient(context, nurse, janeInput()),
      enrollPatient(context, nurse, janeInput()),
    ]);

    expect(results.map((result) => result.status).sort()).toEqual(["already_enrolled", "enrolled"]);
    expect(await database().db.select().from(patients)).toHaveLength(1);
    expect(await database().db.select().from(enrollments)).toHaveLength(1);
  });
});

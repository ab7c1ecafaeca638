import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { enrollments, providers } from "../../db/schema/index.ts";
import { markMonthComplex } from "../../src/services/complex-month.ts";
import { buildDailyDigest } from "../../src/services/daily-digest.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { createTestContext, TestClock } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient, logMinutes } from "../support/seed.ts";

describeDatabases("buildDailyDigest", (database) => {
  async function setup() {
    const clock = new TestClock(new Date());
    clock.setLocal("2026-03-10T07:00");
    const context = createTestContext(database().db, { clock });
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    await database()
      .db.update(providers)
      .set({ displayName: "Nina Nurse" })
      .where(eq(providers.id, nurse.id));
    const enroll = (name: string, mrn: string) => enrollTestPatient(context, nurse, { name, mrn });
    return { clock, context, nurse, enroll };
  }

  function nearMrns(digest: Awaited<ReturnType<typeof buildDailyDigest>>["digest"]): string[] {
    return digest.nearThreshold.groups.flatMap((group) => group.patients.map((p) => p.mrn));
  }

  it("selects 10 and 19 minutes but not 9 or 20", async () => {
    const { context, nurse, enroll } = await setup();
    for (const [mrn, minutes] of [
      ["100009", 9],
      ["100010", 10],
      ["100019", 19],
      ["100020", 20],
    ] as const) {
      const patientId = await enroll(`Patient ${mrn}`, mrn);
      await logMinutes(context, nurse, patientId, minutes, "2026-03-02");
    }

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(nearMrns(digest)).toEqual(["100019", "100010"]);
    expect(digest.nearThreshold.count).toBe(2);
  });

  it("gives minutes missing and the next code", async () => {
    const { context, nurse, enroll } = await setup();
    const patientId = await enroll("Jane Doe", "100234");
    await logMinutes(context, nurse, patientId, 35, "2026-03-02");

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(digest.nearThreshold.groups[0]?.patients[0]).toEqual({
      initials: "J.D.",
      mrn: "100234",
      totalMinutes: 35,
      nextCode: "99439",
      atMinutes: 40,
      minutesMissing: 5,
    });
    expect(digest.daysLeft).toBe(22);
  });

  it("lists PCM and complex patients by their own codes", async () => {
    const { context, nurse } = await setup();
    const enrollPcm = (name: string, mrn: string) =>
      enrollTestPatient(context, nurse, { name, mrn, program: "pcm", conditions: ["COPD"] });
    const paula = await enrollPcm("Paula Prince", "300025");
    const peter = await enrollPcm("Peter Pike", "300015");
    const carl = await enrollTestPatient(context, nurse, { name: "Carl Cole", mrn: "400085" });
    await markMonthComplex(context, nurse, { patientId: carl, month: "2026-03", complex: true });
    await logMinutes(context, nurse, paula, 25, "2026-03-02");
    await logMinutes(context, nurse, peter, 15, "2026-03-02");
    await logMinutes(context, nurse, carl, 85, "2026-03-02");

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    const patients = digest.nearThreshold.groups.flatMap((group) => group.patients);
    expect(patients).toEqual([
      {
        initials: "P.P.",
        mrn: "300025",
        totalMinutes: 25,
        nextCode: "99426",
        atMinutes: 30,
        minutesMissing: 5,
      },
      {
        initials: "C.C.",
        mrn: "400085",
        totalMinutes: 85,
        nextCode: "99489",
        atMinutes: 90,
        minutesMissing: 5,
      },
    ]);
    expect(digest.nearThreshold.count).toBe(2);
  });

  it("sorts by minutes missing, base code first", async () => {
    const { context, nurse, enroll } = await setup();
    for (const [mrn, minutes] of [
      ["200012", 12],
      ["200038", 38],
      ["200018", 18],
      ["200031", 31],
    ] as const) {
      const patientId = await enroll(`Patient ${mrn}`, mrn);
      await logMinutes(context, nurse, patientId, minutes, "2026-03-02");
    }

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(nearMrns(digest)).toEqual(["200018", "200038", "200012", "200031"]);
  });

  it("groups by the provider with the most minutes", async () => {
    const { context, nurse, enroll } = await setup();
    const other = await addProvider(database().db, { userId: "UOTHER" });
    const jane = await enroll("Jane Doe", "100234");
    await logMinutes(context, nurse, jane, 4, "2026-03-02");
    await logMinutes(context, other, jane, 11, "2026-03-03");
    await logMinutes(context, nurse, jane, 3, "2026-03-04");

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(digest.nearThreshold.groups).toHaveLength(1);
    expect(digest.nearThreshold.groups[0]?.provider).toBe("UOTHER");
  });

  it("gives a tie to the provider who logged last", async () => {
    const { context, nurse, enroll } = await setup();
    const other = await addProvider(database().db, { userId: "UOTHER" });
    const jane = await enroll("Jane Doe", "100234");
    await logMinutes(context, other, jane, 6, "2026-03-05");
    await logMinutes(context, nurse, jane, 6, "2026-03-02");

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(digest.nearThreshold.groups[0]?.provider).toBe("Nina Nurse");
  });

  it("keeps names out of the channel digest", async () => {
    const { context, nurse, enroll } = await setup();
    const jane = await enroll("Jane Doe", "100234");
    await logMinutes(context, nurse, jane, 15, "2026-03-02");

    const { digest, byProvider } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(JSON.stringify(digest)).not.toContain("Jane");
    expect(byProvider[0]?.group.patients[0]?.name).toBe("Jane Doe");
    expect(byProvider[0]).toMatchObject({ platform: "slack", platformUserId: "UNURSE", count: 1 });
  });

  it("skips undone minutes and other months", async () => {
    const { context, nurse, enroll } = await setup();
    const jane = await enroll("Jane Doe", "100234");
    const logged = await logMinutes(context, nurse, jane, 15, "2026-03-02");
    await undoEncounter(context, logged.encounterId, nurse);
    const john = await enroll("John Roe", "100243");
    await logMinutes(context, nurse, john, 15, "2026-02-27");

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(digest.nearThreshold.count).toBe(0);
    expect(digest.summary.minutes).toBe(0);
  });

  it("skips patients whose enrollment has ended", async () => {
    const { context, nurse, enroll } = await setup();
    const jane = await enroll("Jane Doe", "100234");
    await logMinutes(context, nurse, jane, 15, "2026-03-02");
    // An opt-out ends with the month; an earlier end date here represents any ended enrollment.
    await database().db.update(enrollments).set({ endsOn: "2026-03-09" });

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(digest.nearThreshold.count).toBe(0);
  });

  it("lists patients without minutes from ten days left", async () => {
    const { clock, context, nurse, enroll } = await setup();
    clock.setLocal("2026-03-20T07:00");
    await enroll("Jane Doe", "100234");
    const john = await enroll("John Roe", "100243");
    await logMinutes(context, nurse, john, 25, "2026-03-02");

    const eleven = await buildDailyDigest(context.db, "2026-03-21", 10);
    const ten = await buildDailyDigest(context.db, "2026-03-22", 10);

    expect(eleven.digest.withoutMinutes).toBeUndefined();
    expect(ten.digest.daysLeft).toBe(10);
    expect(ten.digest.withoutMinutes).toEqual({
      patients: [{ initials: "J.D.", mrn: "100234" }],
      count: 1,
    });
  });

  it("counts patients without minutes beyond the list", async () => {
    const { context, enroll } = await setup();
    for (let index = 0; index < 23; index += 1)
      await enroll(`Patient Number${index}`, `30${index}00`);

    const { digest } = await buildDailyDigest(context.db, "2026-03-31", 10);

    expect(digest.withoutMinutes?.count).toBe(23);
    expect(digest.withoutMinutes?.patients).toHaveLength(20);
    expect(digest.daysLeft).toBe(1);
  });

  it("adds up the month so far", async () => {
    const { context, nurse, enroll } = await setup();
    const minutesByMrn = [9, 10, 19, 20, 35];
    for (const [index, minutes] of minutesByMrn.entries()) {
      const patientId = await enroll(`Patient Number${index}`, `40000${index}`);
      await logMinutes(context, nurse, patientId, minutes, "2026-03-02");
    }

    const { digest } = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(digest.summary).toEqual({
      claims: [{ code: "99490", claims: 2, units: 2 }],
      minutes: 93,
      patientsWithMinutes: 5,
      revenueCents: 2 * 6613,
      unpricedCodes: [],
    });
  });

  it("honours the window setting", async () => {
    const { context, nurse, enroll } = await setup();
    const jane = await enroll("Jane Doe", "100234");
    await logMinutes(context, nurse, jane, 12, "2026-03-02");

    const narrow = await buildDailyDigest(context.db, "2026-03-10", 5);
    const wide = await buildDailyDigest(context.db, "2026-03-10", 10);

    expect(narrow.digest.nearThreshold.count).toBe(0);
    expect(wide.digest.nearThreshold.count).toBe(1);
  });
});

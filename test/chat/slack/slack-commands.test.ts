import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvents, enrollments, patients } from "../../../db/schema/index.ts";
import { describeDatabases } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import { postCommand } from "../../support/slack-requests.ts";

describeDatabases("Slack /ccm", (database) => {
  let harness: SlackBotHarness;

  beforeEach(async () => {
    harness = await startSlackBot(database());
    harness.clock.setLocal("2026-03-10T15:00");
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function run(text: string, user = "UADMIN"): Promise<string> {
    const id = String(harness.fake.calls.length + 1);
    const response = await postCommand(harness.url, {
      text,
      user,
      responseUrl: harness.fake.responseUrl(id),
    });
    expect(response.status).toBe(200);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === `response:/response/${id}`),
    );
    const answer = harness.fake.callsTo(`response:/response/${id}`)[0];
    expect(answer?.params.response_type).toBe("ephemeral");
    return JSON.stringify([answer?.params.text, answer?.params.blocks]);
  }

  it("enrolls a patient from one line", async () => {
    const answer = await run(
      "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal",
    );

    expect(answer).toContain("Enrolled Jane Doe (MRN 100234)");
    const [patient] = await database().db.select().from(patients);
    expect(patient).toMatchObject({ name: "Jane Doe", mrn: "100234", dateOfBirth: "1950-04-02" });
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({
      conditions: ["diabetes", "hypertension"],
      consentType: "verbal",
      consentDate: "2026-03-10",
      program: "ccm",
    });
    const audit = await database().db.select().from(auditEvents);
    expect(audit.map((row) => row.action)).toContain("enrollment.create");
  });

  it("names every missing part", async () => {
    const answer = await run("enroll Jane Doe, conditions: diabetes");

    expect(answer).toContain("MRN");
    expect(answer).toContain("consent type");
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });

  it("rejects a control character in the name", async () => {
    const answer = await run(
      "enroll Ja\u0000ne Roe, MRN 100235, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01",
    );

    expect(answer).toContain("name contains an invisible control character (U+0000)");
    expect(answer).not.toContain("could not save");
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });

  it("rejects fewer than two conditions", async () => {
    const answer = await run("enroll Jane Doe, MRN 100234, conditions: diabetes, consent: verbal");

    expect(answer).toContain("at least 2 chronic conditions");
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });

  it("rejects a date of birth in the future", async () => {
    const answer = await run(
      "enroll Jane Doe, MRN 100234, DOB 2030-01-01, conditions: diabetes, hypertension, consent: verbal",
    );

    expect(answer).toContain("date of birth is in the future");
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });

  it("rejects the same MRN for a different name", async () => {
    await run("enroll Jane Doe, MRN 100234, conditions: diabetes, hypertension, consent: verbal");

    const answer = await run(
      "enroll Mary Major, MRN 100234, conditions: asthma, COPD, consent: written",
    );

    expect(answer).toContain("already belongs to another patient");
    expect(await database().db.select().from(patients)).toHaveLength(1);
  });

  it("refuses users who are not providers", async () => {
    const answer = await run(
      "enroll Jane Doe, MRN 100234, conditions: diabetes, hypertension, consent: verbal",
      "USTRANGER",
    );

    expect(answer).toContain("Only registered providers");
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });

  it("lists the commands for help", async () => {
    const answer = await run("help");

    expect(answer).toContain("/ccm enroll");
    expect(answer).toContain("/ccm total");
    expect(answer).toContain("/ccm undo");
  });

  it("lists each command once in help", async () => {
    const [text] = JSON.parse(await run("help")) as [string];

    for (const usage of ["/ccm total [PATIENT]", "/ccm undo", "/ccm enroll", "/ccm digest"]) {
      expect(text.split(usage).length - 1, usage).toBe(1);
    }
  });
});

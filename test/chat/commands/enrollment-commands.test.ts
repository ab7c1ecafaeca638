import { expect, it } from "vitest";
import {
  encounters,
  enrollments,
  patients,
  pendingLogs,
  providers,
} from "../../../db/schema/index.ts";
import { runAction } from "../../../src/chat/actions.ts";
import { runCommand } from "../../../src/chat/commands/router.ts";
import { replyToMessage } from "../../../src/chat/replies/message-replies.ts";
import { plainLine, type Reply, type ReplyButton } from "../../../src/chat/reply.ts";
import { handleMessage } from "../../../src/services/handle-message.ts";
import { createTestContext } from "../../support/context.ts";
import { describeDatabases } from "../../support/databases.ts";

const admin = { platform: "slack" as const, userId: "UADMIN", displayName: "Ada Admin" };

function textOf(reply: Reply): string {
  return reply.blocks
    .map((block) => (block.type === "text" ? block.lines.map(plainLine).join("\n") : ""))
    .join("\n");
}

function buttonsOf(reply: Reply | undefined): ReplyButton[] {
  return (reply?.blocks ?? []).flatMap((block) => (block.type === "buttons" ? block.buttons : []));
}

describeDatabases("enrollment commands", (database) => {
  function setup() {
    return createTestContext(database().db);
  }

  async function run(context: ReturnType<typeof setup>, text: string, user = admin) {
    return runCommand(context, { user, text, instant: context.now() });
  }

  async function enrollJane(context: ReturnType<typeof setup>) {
    await run(
      context,
      "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2026-03-01, told: all",
    );
  }

  it("reports every missing part of one line at once", async () => {
    const context = setup();

    const reply = await run(context, "enroll Jane Doe, DOB 2031-01-01, conditions: diabetes");

    const text = textOf(reply);
    expect(text).toContain("the MRN");
    expect(text).toContain("the consent type");
    expect(text).toContain("date of birth is in the future");
    expect(text).toContain("at least 2 chronic conditions");
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });

  it("records disclosures from told: all", async () => {
    const context = setup();

    await enrollJane(context);

    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({
      toldCostSharing: true,
      toldOnePractitioner: true,
      toldRightToStop: true,
      consentObtainedBy: "Ada Admin",
    });
  });

  it("asks for the form when enroll has no text", async () => {
    const context = setup();

    const reply = await run(context, "enroll");

    expect(reply.form).toEqual({
      name: "enrollment",
      values: { program: "ccm", consentDate: "2026-03-10", consentObtainedBy: "Ada Admin" },
    });
    expect(textOf(reply)).toContain("/ccm enroll Jane Doe, MRN 100234");
  });

  it("unenrolls by MRN with a reason", async () => {
    const context = setup();
    await enrollJane(context);

    const reply = await run(context, "unenroll 100234, moved to Ohio");

    expect(textOf(reply)).toContain("ends on Tue, Mar 31, 2026");
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({ endsOn: "2026-03-31", endReason: "moved to Ohio" });
  });

  it("asks which patient when a name is ambiguous", async () => {
    const context = setup();
    await enrollJane(context);
    await run(
      context,
      "enroll John Doe, MRN 100243, conditions: COPD, CHF, consent: written 2026-03-01",
    );

    const reply = await run(context, "unenroll J. Doe");

    expect(textOf(reply)).toContain("Jane Doe, born 1950-04-02, MRN 100234");
    expect(textOf(reply)).toContain("John Doe, MRN 100243");
    const periods = await database().db.select().from(enrollments);
    expect(periods.every((period) => period.endsOn === null)).toBe(true);
  });

  it("shows whois candidates with status and minutes", async () => {
    const context = setup();
    await enrollJane(context);
    await run(
      context,
      "enroll John Doe, MRN 100243, conditions: COPD, CHF, consent: written 2026-03-01",
    );
    await run(context, "unenroll John Doe, declined");

    const reply = await run(context, "whois J. Doe");

    const text = textOf(reply);
    expect(reply.audience).toBe("private");
    expect(text).toContain("2 patients match");
    expect(text).toContain(
      "Jane Doe, born 1950-04-02, MRN 100234 · CCM since Sun, Mar 1, 2026 · 0 min this month",
    );
    expect(text).toContain("ends Tue, Mar 31, 2026");
  });

  it("pages the patient list with buttons", async () => {
    const context = setup();
    for (let index = 0; index < 12; index += 1) {
      const mrn = String(200100 + index);
      await run(
        context,
        `enroll Pat Number${String.fromCharCode(65 + index)}, MRN ${mrn}, conditions: a, b, consent: verbal 2026-03-01`,
      );
    }

    const first = await run(context, "patients");
    const [next] = buttonsOf(first);
    const second = await runAction(context, {
      user: admin,
      action: next?.action ?? "ccm_patients_page",
      value: next?.value ?? "",
      instant: context.now(),
    });

    expect(textOf(first)).toContain("12 · page 1 of 2");
    expect(textOf(first)).toContain("Pat NumberA");
    expect(next?.label).toBe("Next page");
    expect(textOf(second)).toContain("page 2 of 2");
    expect(textOf(second)).toContain("Pat NumberL");
    expect(buttonsOf(second).map((button) => button.label)).toEqual(["Previous page"]);
  });

  it("filters the patient list and shows month minutes", async () => {
    const context = setup();
    await enrollJane(context);
    await run(
      context,
      "enroll John Roe, MRN 100243, conditions: COPD, CHF, consent: written 2026-03-01",
    );
    await handleMessage(context, {
      user: admin,
      source: { platform: "slack", channel: "CCARE", messageId: "1.1" },
      text: "25 min with Jane Doe",
      instant: context.now(),
    });

    const reply = await run(context, "patients doe");

    const text = textOf(reply);
    expect(text).toContain("Jane Doe, born 1950-04-02, MRN 100234 · CCM · 25 min");
    expect(text).not.toContain("John Roe");
  });

  it("adds a provider from a Slack mention", async () => {
    const context = setup();

    const reply = await run(context, "provider add <@U0DOC|drsmith> physician");

    expect(textOf(reply)).toContain("Added drsmith (U0DOC) as physician");
    const rows = await database().db.select().from(providers);
    expect(rows.find((row) => row.platformUserId === "U0DOC")).toMatchObject({
      role: "physician",
      displayName: "drsmith",
      platform: "slack",
    });
  });

  it("refuses provider changes by a non-admin", async () => {
    const context = setup();
    await run(context, "provider add <@UNURSE|nurse> clinical_staff");

    const reply = await run(context, "provider add <@UOTHER> admin", {
      platform: "slack",
      userId: "UNURSE",
      displayName: "nurse",
    });

    expect(textOf(reply)).toContain("Only admins");
    expect(await database().db.select().from(providers)).toHaveLength(2);
  });

  it("names the roles for an unknown one", async () => {
    const context = setup();

    const reply = await run(context, "provider add <@U0DOC> surgeon");

    expect(textOf(reply)).toContain("clinical_staff, physician, billing, admin");
  });

  it("imports pasted CSV lines", async () => {
    const context = setup();

    const reply = await run(
      context,
      "import\nname,MRN,date of birth,conditions,consent type,consent date\nJane Doe,100234,1950-04-02,diabetes;COPD,verbal,2026-03-01",
    );

    expect(textOf(reply)).toContain("1 added");
    expect(textOf(reply)).toContain("Line 2: added Jane Doe (MRN 100234)");
    expect(await database().db.select().from(patients)).toHaveLength(1);
  });

  it("keeps a log refused for enrollment and offers Enroll", async () => {
    const context = setup();
    await run(
      context,
      "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2026-03-09",
    );

    const outcome = await handleMessage(context, {
      user: admin,
      source: { platform: "slack", channel: "CCARE", messageId: "2.1" },
      text: "20 min with Jane Doe on 3/5 med review",
      instant: context.now(),
    });
    const reply = replyToMessage(outcome);
    const [enroll] = buttonsOf(reply);
    const opened = await runAction(context, {
      user: admin,
      action: enroll?.action ?? "ccm_enroll_for_log",
      value: enroll?.value ?? "",
      instant: context.now(),
    });

    expect(reply?.audience).toBe("private");
    expect(reply ? textOf(reply) : "").toContain("was enrolled after Thu, Mar 5, 2026");
    expect(enroll?.label).toBe("Enroll");
    const [pending] = await database().db.select().from(pendingLogs);
    expect(pending).toMatchObject({ minutes: 20, serviceDate: "2026-03-05", status: "open" });
    expect(opened.form).toMatchObject({
      name: "enrollment",
      pendingLogId: pending?.id,
      values: {
        name: "Jane Doe",
        mrn: "100234",
        dateOfBirth: "1950-04-02",
        conditions: "diabetes\nhypertension",
      },
    });
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });
});

import { afterEach, beforeEach, expect, it } from "vitest";
import {
  auditEvents,
  claims,
  encounters,
  enrollments,
  patients,
  pendingLogs,
} from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import type { RecordedSlackCall } from "../../support/fake-slack-api.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import {
  messageChangedEvent,
  messageEvent,
  postButton,
  postCommand,
  postEvent,
  postViewSubmission,
} from "../../support/slack-requests.ts";

type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** Modal state as Slack sends it for the enrollment form. */
function formState(fields: {
  name?: string;
  dateOfBirth?: string;
  mrn?: string;
  conditions?: string;
  consentType?: string;
  consentDate?: string;
  obtainedBy?: string;
  told?: string[];
}): StateValues {
  const text = (id: string, value: string | undefined) => ({
    [id]: { [id]: { type: "plain_text_input", value: value ?? null } },
  });
  return {
    ...text("name", fields.name),
    ...text("dateOfBirth", fields.dateOfBirth),
    ...text("mrn", fields.mrn),
    program: { program: { type: "radio_buttons", selected_option: { value: "ccm" } } },
    ...text("conditions", fields.conditions),
    consentType: {
      consentType: {
        type: "radio_buttons",
        selected_option: fields.consentType ? { value: fields.consentType } : null,
      },
    },
    consentDate: { consentDate: { type: "datepicker", selected_date: fields.consentDate ?? null } },
    ...text("consentObtainedBy", fields.obtainedBy),
    disclosures: {
      disclosures: {
        type: "checkboxes",
        selected_options: (fields.told ?? []).map((value) => ({ value })),
      },
    },
  };
}

const allTold = ["costSharing", "onePractitioner", "rightToStop"];
const validJane = {
  name: "Jane Doe",
  dateOfBirth: "1950-04-02",
  mrn: "100234",
  conditions: "diabetes\nhypertension",
  consentType: "verbal",
  consentDate: "2026-03-01",
  obtainedBy: "Nurse Joy",
  told: allTold,
};

function tsAt(wallTime: string, sequence = 1): string {
  const seconds = Math.floor(instantFromLocalTime(wallTime, "America/New_York").getTime() / 1000);
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

function viewOf(call: RecordedSlackCall | undefined): {
  private_metadata: string;
  callback_id: string;
  blocks: { block_id?: string }[];
} {
  return call?.params.view as never;
}

describeDatabases("Slack enrollment modal", (database) => {
  let harness: SlackBotHarness;

  beforeEach(async () => {
    harness = await startSlackBot(database());
    harness.clock.setLocal("2026-03-10T15:00");
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function submit(callbackId: string, values: StateValues, privateMetadata = "") {
    const response = await postViewSubmission(harness.url, { callbackId, values, privateMetadata });
    expect(response.status).toBe(200);
    const body = await response.text();
    return (body === "" ? {} : JSON.parse(body)) as {
      response_action?: string;
      errors?: Record<string, string>;
      view?: { callback_id: string; private_metadata?: string; blocks: unknown[] };
    };
  }

  async function counts() {
    const db = database().db;
    return [
      (await db.select().from(patients)).length,
      (await db.select().from(enrollments)).length,
    ];
  }

  it("opens the form for /ccm enroll without text", async () => {
    const response = await postCommand(harness.url, {
      text: "enroll",
      responseUrl: harness.fake.responseUrl("e"),
    });

    expect(response.status).toBe(200);
    const [open] = harness.fake.callsTo("views.open");
    expect(open?.params.trigger_id).toBe("trigger-1");
    const view = viewOf(open);
    expect(view.callback_id).toBe("ccm_enrollment_form");
    expect(view.blocks.map((block) => block.block_id)).toEqual([
      "name",
      "dateOfBirth",
      "mrn",
      "program",
      "conditions",
      "consentType",
      "consentDate",
      "consentObtainedBy",
      "disclosures",
    ]);
    expect(harness.fake.callsTo("response:/response/e")).toHaveLength(0);
  });

  it("shows invalid fields inline and writes nothing", async () => {
    const answer = await submit(
      "ccm_enrollment_form",
      formState({
        ...validJane,
        dateOfBirth: "4/31/1950",
        conditions: "diabetes",
        consentDate: "2026-03-20",
        told: ["costSharing"],
      }),
    );

    expect(answer.response_action).toBe("errors");
    expect(Object.keys(answer.errors ?? {}).sort()).toEqual([
      "conditions",
      "consentDate",
      "dateOfBirth",
      "disclosures",
    ]);
    expect(answer.errors?.dateOfBirth).toContain("is not a date");
    expect(answer.errors?.consentDate).toContain("after today");
    expect(answer.errors?.disclosures).toContain("one practitioner a month");
    expect(await counts()).toEqual([0, 0]);
  });

  it("shows a duplicate MRN on the MRN field", async () => {
    await submitAndConfirm(validJane);

    const answer = await submit(
      "ccm_enrollment_form",
      formState({ ...validJane, name: "Mary Major" }),
    );

    expect(answer).toMatchObject({
      response_action: "errors",
      errors: { mrn: expect.stringContaining("another patient") },
    });
    expect(await counts()).toEqual([1, 1]);
  });

  it("confirms before writing, then enrolls", async () => {
    const review = await submit("ccm_enrollment_form", formState(validJane));

    expect(review.response_action).toBe("push");
    expect(review.view?.callback_id).toBe("ccm_enrollment_confirm");
    expect(JSON.stringify(review.view?.blocks)).toContain("Confirming adds a new patient");
    expect(await counts()).toEqual([0, 0]);

    const done = await submit("ccm_enrollment_confirm", {}, review.view?.private_metadata);

    expect(done.response_action).toBe("update");
    expect(JSON.stringify(done.view?.blocks)).toContain("Enrolled Jane Doe (MRN 100234)");
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({
      consentDate: "2026-03-01",
      consentObtainedBy: "Nurse Joy",
      toldCostSharing: true,
      toldOnePractitioner: true,
      toldRightToStop: true,
      conditions: ["diabetes", "hypertension"],
    });
    const audit = await database().db.select().from(auditEvents);
    expect(audit.map((row) => row.action)).toEqual([
      "provider.bootstrap_admin",
      "enrollment.create",
    ]);
  });

  async function submitAndConfirm(fields: typeof validJane, metadata = "") {
    const review = await submit("ccm_enrollment_form", formState(fields), metadata);
    expect(review.response_action).toBe("push");
    return submit("ccm_enrollment_confirm", {}, review.view?.private_metadata);
  }

  it("records a refused log after enrolling through its button", async () => {
    await submitAndConfirm({ ...validJane, consentDate: "2026-03-09" });
    const ts = tsAt("2026-03-10T14:00");
    await postEvent(
      harness.url,
      messageEvent({ text: "20 min with Jane Doe on 3/5 med review", ts, user: "UADMIN" }),
    );

    const [refusal] = harness.fake.callsTo("chat.postEphemeral");
    expect(JSON.stringify(refusal?.params.blocks)).toContain("ccm_enroll_for_log");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    const [pending] = await database().db.select().from(pendingLogs);

    await postButton(harness.url, {
      actionId: "ccm_enroll_for_log:0",
      value: String(pending?.id),
      responseUrl: harness.fake.responseUrl("refusal"),
      ephemeral: true,
    });
    const [open] = harness.fake.callsTo("views.open");
    const opened = viewOf(open);
    expect(JSON.parse(opened.private_metadata)).toEqual({
      pendingLogId: pending?.id,
      responseUrl: harness.fake.responseUrl("refusal"),
    });

    const done = await submitAndConfirm(validJane, opened.private_metadata);

    expect(JSON.stringify(done.view?.blocks)).toContain(
      "The waiting log was recorded: 20 min on 2026-03-05",
    );
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ minutes: 20, serviceDate: "2026-03-05", sourceMessageId: ts });
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment?.startsOn).toBe("2026-03-01");
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/refusal"),
    );
    const [replaced] = harness.fake.callsTo("response:/response/refusal");
    expect(replaced?.params.replace_original).toBe(true);
    expect(JSON.stringify(replaced?.params.blocks)).toContain("Logged *20 min*");
  });

  it("records the edited minutes of a waiting log", async () => {
    await submitAndConfirm({ ...validJane, consentDate: "2026-03-10" });
    const ts = tsAt("2026-03-10T14:00");
    await postEvent(
      harness.url,
      messageEvent({ text: "Jane Doe 25 min care plan on March 8", ts, user: "UADMIN" }),
    );
    const [pending] = await database().db.select().from(pendingLogs);
    harness.fake.clear();

    await postEvent(
      harness.url,
      messageChangedEvent({
        ts,
        text: "Jane Doe 5 min care plan on March 8",
        previousText: "Jane Doe 25 min care plan on March 8",
        editedTs: tsAt("2026-03-10T14:05"),
      }),
    );

    const [refusal] = harness.fake.callsTo("chat.postEphemeral");
    const blocks = JSON.stringify(refusal?.params.blocks);
    expect(blocks).toContain("ccm_enroll_for_log");
    expect(blocks).toContain(`"value":"${pending?.id}"`);
    const [edited] = await database().db.select().from(pendingLogs);
    expect(edited).toMatchObject({ minutes: 5, text: "Jane Doe 5 min care plan on March 8" });

    await postButton(harness.url, {
      actionId: "ccm_enroll_for_log:0",
      value: String(pending?.id),
      responseUrl: harness.fake.responseUrl("refusal"),
      ephemeral: true,
    });
    const opened = viewOf(harness.fake.callsTo("views.open")[0]);
    await submitAndConfirm(validJane, opened.private_metadata);

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ minutes: 5, serviceDate: "2026-03-08" });
    expect(await database().db.select().from(claims)).toHaveLength(0);
  });

  it("enrolls an unknown patient from a log and records it", async () => {
    await postEvent(
      harness.url,
      messageEvent({
        text: "spent 15 min with Delbert Quince re: meds",
        ts: tsAt("2026-03-10T14:00"),
        user: "UADMIN",
      }),
    );
    const [pending] = await database().db.select().from(pendingLogs);

    await postButton(harness.url, {
      actionId: "ccm_enroll_for_log:0",
      value: String(pending?.id),
      responseUrl: harness.fake.responseUrl("unknown"),
      ephemeral: true,
    });
    const opened = viewOf(harness.fake.callsTo("views.open")[0]);
    expect(JSON.stringify(opened.blocks)).toContain("Delbert Quince");
    await submitAndConfirm(
      { ...validJane, name: "Delbert Quince", mrn: "100777" },
      opened.private_metadata,
    );

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(15);
    const [patient] = await database().db.select().from(patients);
    expect(patient?.name).toBe("Delbert Quince");
  });

  it("opens no form for a cancelled waiting log", async () => {
    await postEvent(
      harness.url,
      messageEvent({
        text: "15 min with Delbert Quince",
        ts: tsAt("2026-03-10T14:00"),
        user: "UADMIN",
      }),
    );
    await postEvent(
      harness.url,
      messageEvent({ text: "undo", ts: tsAt("2026-03-10T14:01", 2), user: "UADMIN" }),
    );
    const [pending] = await database().db.select().from(pendingLogs);
    expect(pending?.status).toBe("cancelled");

    await postButton(harness.url, {
      actionId: "ccm_enroll_for_log:0",
      value: String(pending?.id),
      responseUrl: harness.fake.responseUrl("unknown"),
      ephemeral: true,
    });

    expect(harness.fake.callsTo("views.open")).toHaveLength(0);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/unknown"),
    );
    const answer = JSON.stringify(harness.fake.callsTo("response:/response/unknown")[0]?.params);
    expect(answer).toContain("was cancelled, so nothing was recorded");
  });

  it("refuses the form to someone who is not a provider", async () => {
    const response = await postViewSubmission(harness.url, {
      callbackId: "ccm_enrollment_form",
      values: formState(validJane),
      user: "USTRANGER",
    });

    const answer = JSON.parse(await response.text());
    expect(answer).toMatchObject({
      response_action: "errors",
      errors: { name: expect.stringContaining("Only registered providers") },
    });
    expect(await counts()).toEqual([0, 0]);
  });
});

import { afterEach, beforeEach, expect, it } from "vitest";
import {
  auditEvents,
  encounters,
  enrollments,
  patients,
  pendingLogs,
} from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import type { RecordedConnectorCall } from "../../support/fake-bot-connector.ts";
import {
  postActivity,
  type TeamsMessageFields,
  teamsIds,
  teamsMessage,
} from "../../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../../support/teams-bot.ts";
import {
  cardButtons,
  cardInputs,
  cardOf,
  cardSubmission,
  cardText,
} from "../../support/teams-cards.ts";

/** What a user types into the enrollment card for Jane Doe, by input id. */
const validJane: Record<string, string> = {
  "field.name": "Jane Doe",
  "field.dateOfBirth": "1950-04-02",
  "field.mrn": "100234",
  "field.program": "ccm",
  "field.conditions": "diabetes\nhypertension",
  "field.consentType": "verbal",
  "field.consentDate": "2026-03-01",
  "field.consentObtainedBy": "Nurse Joy",
  "field.disclosures.costSharing": "true",
  "field.disclosures.onePractitioner": "true",
  "field.disclosures.rightToStop": "true",
};

const at = (wallTime: string) => instantFromLocalTime(wallTime, "America/New_York");

/** Returns the id of the card a call posted or replaced, which a press on its buttons names. */
function cardId(call: RecordedConnectorCall | undefined): string {
  const id = call?.kind === "update" ? call.activityId : call?.responseId;
  if (!id) throw new Error("the call carried no card id");
  return id;
}

describeDatabases("Teams enrollment card", (database) => {
  let harness: TeamsBotHarness;

  beforeEach(async () => {
    harness = await startTeamsBot(database());
    harness.clock.setLocal("2026-03-10T15:00");
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function send(fields: Omit<TeamsMessageFields, "serviceUrl">) {
    const response = await postActivity(
      harness.url,
      teamsMessage({
        serviceUrl: harness.connector.serviceUrl,
        kind: "personal",
        timestamp: at("2026-03-10T15:00"),
        ...fields,
      }),
    );
    expect(response.status).toBe(200);
  }

  const lastPersonal = () => harness.connector.messages(teamsIds.personalChat).at(-1);

  /** Presses a button of a card in the personal chat, with the inputs the user filled in. */
  async function press(
    card: RecordedConnectorCall | undefined,
    title: string,
    inputs: Record<string, string> = {},
    user?: string,
  ) {
    await send({ value: cardSubmission(card, title, inputs), replyToId: cardId(card), user });
    return lastPersonal();
  }

  async function openForm() {
    await send({ text: "enroll" });
    return lastPersonal();
  }

  async function counts() {
    const db = database().db;
    return [
      (await db.select().from(patients)).length,
      (await db.select().from(enrollments)).length,
    ];
  }

  it("sends the form to a private chat for enroll in a channel", async () => {
    await send({
      id: "enroll-1",
      kind: "channel",
      text: "<at>CCM Bot</at> enroll",
      botMentions: ["<at>CCM Bot</at>"],
    });

    const privateCards = harness.connector
      .messages()
      .filter((call) => call.conversationId?.startsWith("a:personal-"));
    expect(privateCards).toHaveLength(1);
    const inputs = cardInputs(privateCards[0]);
    expect(inputs.map((input) => [input.id, input.type])).toEqual([
      ["field.name", "Input.Text"],
      ["field.dateOfBirth", "Input.Text"],
      ["field.mrn", "Input.Text"],
      ["field.program", "Input.ChoiceSet"],
      ["field.conditions", "Input.Text"],
      ["field.consentType", "Input.ChoiceSet"],
      ["field.consentDate", "Input.Date"],
      ["field.consentObtainedBy", "Input.Text"],
      ["field.disclosures.costSharing", "Input.Toggle"],
      ["field.disclosures.onePractitioner", "Input.Toggle"],
      ["field.disclosures.rightToStop", "Input.Toggle"],
    ]);
    expect(inputs.find((input) => input.id === "field.consentDate")?.value).toBe("2026-03-10");
    expect(inputs.find((input) => input.id === "field.program")?.value).toBe("ccm");
    expect(cardButtons(privateCards[0]).map((button) => button.title)).toEqual(["Review"]);
    const channelReplies = harness.connector.messages(`${teamsIds.channel};messageid=enroll-1`);
    expect(channelReplies).toHaveLength(1);
    expect(cardText(channelReplies[0])).toContain("private chat");
    expect(cardInputs(channelReplies[0])).toEqual([]);
  });

  it("marks invalid fields on the card and keeps the values", async () => {
    const form = await openForm();

    const answer = await press(form, "Review", {
      ...validJane,
      "field.dateOfBirth": "4/31/1950",
      "field.conditions": "diabetes",
      "field.consentDate": "2026-03-20",
      "field.disclosures.onePractitioner": "false",
      "field.disclosures.rightToStop": "false",
    });

    expect(answer?.kind).toBe("update");
    expect(answer?.activityId).toBe(cardId(form));
    const body = cardOf(answer)?.body ?? [];
    const errorAfter = (inputId: string) => {
      const index = body.findIndex((element) => element.id === inputId);
      let next = index + 1;
      while (body[next]?.type === "Input.Toggle" || isHint(body[next])) next += 1;
      return JSON.stringify(body[next]);
    };
    expect(errorAfter("field.dateOfBirth")).toContain("is not a date");
    expect(errorAfter("field.conditions")).toContain("Attention");
    expect(errorAfter("field.consentDate")).toContain("after today");
    expect(errorAfter("field.disclosures.costSharing")).toContain("one practitioner a month");
    expect(errorAfter("field.name")).not.toContain("Attention");
    const values = Object.fromEntries(cardInputs(answer).map((input) => [input.id, input.value]));
    expect(values["field.dateOfBirth"]).toBe("4/31/1950");
    expect(values["field.name"]).toBe("Jane Doe");
    expect(values["field.disclosures.costSharing"]).toBe("true");
    expect(values["field.disclosures.rightToStop"]).toBe("false");
    expect(await counts()).toEqual([0, 0]);
  });

  it("confirms before writing, offers Edit, then enrolls", async () => {
    const form = await openForm();

    const review = await press(form, "Review", validJane);

    expect(cardText(review)).toContain("Confirming adds a new patient");
    expect(cardButtons(review).map((button) => button.title)).toEqual(["Confirm", "Edit"]);
    expect(await counts()).toEqual([0, 0]);

    const edited = await press(review, "Edit");

    expect(cardInputs(edited).find((input) => input.id === "field.name")?.value).toBe("Jane Doe");
    const againReviewed = await press(edited, "Review", { "field.consentObtainedBy": "Dr. Who" });
    expect(cardText(againReviewed)).toContain("Dr. Who");

    const done = await press(againReviewed, "Confirm");

    expect(done?.kind).toBe("update");
    expect(cardText(done)).toContain("Enrolled Jane Doe (MRN 100234)");
    expect(cardButtons(done)).toEqual([]);
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment).toMatchObject({
      consentDate: "2026-03-01",
      consentObtainedBy: "Dr. Who",
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

  it("enrolls once when Confirm is delivered twice", async () => {
    const review = await press(await openForm(), "Review", validJane);
    const confirm = teamsMessage({
      serviceUrl: harness.connector.serviceUrl,
      kind: "personal",
      id: "confirm-1",
      value: cardSubmission(review, "Confirm"),
      replyToId: cardId(review),
    });
    harness.connector.clear();

    await postActivity(harness.url, confirm);
    await postActivity(harness.url, confirm);

    expect(await counts()).toEqual([1, 1]);
    expect(harness.connector.messages(teamsIds.personalChat)).toHaveLength(1);
  });

  it("records a refused log after enrolling from its button", async () => {
    await send({
      text: "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2026-03-09, told: all",
    });
    await send({ id: "log-1", text: "20 min with Jane Doe on 3/5 med review" });
    const refusal = lastPersonal();
    expect(cardText(refusal)).toContain("Not recorded yet");
    expect(await database().db.select().from(encounters)).toHaveLength(0);

    const form = await press(refusal, "Enroll");

    expect(form?.kind).toBe("reply");
    const prefilled = Object.fromEntries(cardInputs(form).map((input) => [input.id, input.value]));
    expect(prefilled["field.name"]).toBe("Jane Doe");
    expect(prefilled["field.mrn"]).toBe("100234");
    expect(prefilled["field.conditions"]).toBe("diabetes\nhypertension");
    expect(harness.connector.calls.some((call) => call.activityId === cardId(refusal))).toBe(false);

    const review = await press(form, "Review", {
      "field.consentDate": "2026-03-01",
      "field.disclosures.costSharing": "true",
      "field.disclosures.onePractitioner": "true",
      "field.disclosures.rightToStop": "true",
    });
    await press(review, "Confirm");

    const done = harness.connector.calls
      .filter((call) => call.kind === "update" && call.activityId === cardId(review))
      .at(-1);
    expect(cardText(done)).toContain("The waiting log was recorded: 20 min on 2026-03-05");
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      minutes: 20,
      serviceDate: "2026-03-05",
      sourceMessageId: "log-1",
    });
    const [enrollment] = await database()
      .db.select()
      .from(enrollments)
      .orderBy(enrollments.id)
      .then((all) => all.slice(-1));
    expect(enrollment?.startsOn).toBe("2026-03-01");
    const replaced = harness.connector.calls.find(
      (call) => call.kind === "update" && call.activityId === cardId(refusal),
    );
    expect(cardText(replaced)).toContain("Logged ");
    expect(cardText(replaced)).toContain("MRN 100234");
    expect(cardButtons(replaced).map((button) => button.title)).toEqual(["Undo"]);
  });

  it("enrolls an unknown patient from a log and records it", async () => {
    await send({ id: "log-2", text: "spent 15 min with Delbert Quince re: meds" });
    expect(await database().db.select().from(pendingLogs)).toHaveLength(1);

    const form = await press(lastPersonal(), "Enroll");
    const name = cardInputs(form).find((input) => input.id === "field.name");
    expect(name?.value).toBe("Delbert Quince");
    const review = await press(form, "Review", {
      ...validJane,
      "field.name": "Delbert Quince",
      "field.mrn": "100777",
    });
    await press(review, "Confirm");

    const rows = await database().db.select().from(encounters);
    expect(rows.map((row) => row.minutes)).toEqual([15]);
    const [patient] = await database().db.select().from(patients);
    expect(patient?.name).toBe("Delbert Quince");
  });

  it("refuses the form to someone who is not a provider", async () => {
    const form = await openForm();

    const answer = await press(form, "Review", validJane, "aad-stranger");

    expect(cardText(answer)).toContain("Only registered providers");
    expect(cardInputs(answer).length).toBeGreaterThan(0);
    expect(await counts()).toEqual([0, 0]);
  });

  it("rejects a value over its length limit", async () => {
    const form = await openForm();

    const answer = await press(form, "Review", { ...validJane, "field.name": "J".repeat(101) });

    expect(cardText(answer)).toContain("Patient name is too long: use at most 100 characters.");
    expect(await counts()).toEqual([0, 0]);
  });
});

function isHint(element: { type: string; inlines?: unknown } | undefined): boolean {
  return element?.type === "RichTextBlock" && JSON.stringify(element.inlines).includes("isSubtle");
}

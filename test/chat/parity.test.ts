import { PassThrough } from "node:stream";
import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { claims, encounters, enrollments, patients } from "../../db/schema/index.ts";
import { consoleUser, runConsole } from "../../src/chat/console/console-adapter.ts";
import { instantFromLocalTime } from "../../src/time/calendar.ts";
import { createTestContext, TestClock } from "../support/context.ts";
import { describeDatabases, type TestDatabase } from "../support/databases.ts";
import { startSlackBot } from "../support/slack-bot.ts";
import {
  messageEvent,
  postButton,
  postCommand,
  postEvent,
  postViewSubmission,
} from "../support/slack-requests.ts";
import {
  postActivity,
  teamsButtonPress,
  teamsIds,
  teamsMessage,
} from "../support/teams-activities.ts";
import { startTeamsBot, type TeamsBotHarness } from "../support/teams-bot.ts";
import { cardButtons, cardSubmission } from "../support/teams-cards.ts";

/**
 * One script, three adapters. Each step is what a provider does. Every adapter must leave the same
 * enrollments, encounters and claims, because the adapters only translate and the services decide.
 */
type Step =
  | { kind: "command"; text: string }
  | { kind: "form"; form: EnrollmentFields }
  | { kind: "message"; text: string; at: string }
  | { kind: "choose"; candidate: string };

/**
 * An enrollment entered in the form: the Slack modal and the Teams card. The console has no
 * forms, so it sends the same details as the one-line `/ccm enroll`.
 */
interface EnrollmentFields {
  name: string;
  mrn: string;
  dateOfBirth: string;
  conditions: string[];
  consentType: "verbal" | "written";
  consentDate: string;
  obtainedBy: string;
}

const script: Step[] = [
  {
    kind: "command",
    text: "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01, obtained by Nurse Joy",
  },
  {
    kind: "form",
    form: {
      name: "John Doe",
      mrn: "100243",
      dateOfBirth: "1948-09-12",
      conditions: ["COPD", "heart failure"],
      consentType: "written",
      consentDate: "2025-12-01",
      obtainedBy: "Nurse Joy",
    },
  },
  {
    kind: "message",
    text: "spent 15 min with Jane Doe on diabetes meds yesterday",
    at: "2026-03-10T09:00",
  },
  {
    kind: "message",
    text: "10 min phone call with Jane Doe about refills",
    at: "2026-03-10T09:30",
  },
  { kind: "message", text: "12 min with J. Doe, med rec", at: "2026-03-10T10:00" },
  { kind: "choose", candidate: "John Doe" },
  { kind: "message", text: "9 min care coordination for John Doe", at: "2026-03-10T10:30" },
  { kind: "message", text: "undo", at: "2026-03-10T11:00" },
];

/** The local time every adapter's clock reads while the script runs. */
const scriptClock = "2026-03-10T16:00";
const zone = "America/New_York";

interface Records {
  encounters: {
    mrn: string;
    minutes: number;
    serviceDate: string;
    note: string;
    voided: boolean;
  }[];
  claims: { mrn: string; month: string; code: string; units: number; status: string }[];
  enrollments: {
    mrn: string;
    program: string;
    conditions: string[];
    consentType: string;
    consentDate: string;
    consentObtainedBy: string;
    told: boolean[];
    startsOn: string;
  }[];
}

async function readRecords(database: TestDatabase): Promise<Records> {
  const encounterRows = await database.db
    .select({
      mrn: patients.mrn,
      minutes: encounters.minutes,
      serviceDate: encounters.serviceDate,
      note: encounters.note,
      voidedAt: encounters.voidedAt,
    })
    .from(encounters)
    .innerJoin(patients, eq(patients.id, encounters.patientId))
    .orderBy(asc(encounters.id));
  const claimRows = await database.db
    .select({
      mrn: patients.mrn,
      month: claims.month,
      code: claims.code,
      units: claims.units,
      status: claims.status,
    })
    .from(claims)
    .innerJoin(patients, eq(patients.id, claims.patientId))
    .orderBy(asc(patients.mrn), asc(claims.code));
  const enrollmentRows = await database.db
    .select({
      mrn: patients.mrn,
      program: enrollments.program,
      conditions: enrollments.conditions,
      consentType: enrollments.consentType,
      consentDate: enrollments.consentDate,
      consentObtainedBy: enrollments.consentObtainedBy,
      toldCostSharing: enrollments.toldCostSharing,
      toldOnePractitioner: enrollments.toldOnePractitioner,
      toldRightToStop: enrollments.toldRightToStop,
      startsOn: enrollments.startsOn,
    })
    .from(enrollments)
    .innerJoin(patients, eq(patients.id, enrollments.patientId))
    .orderBy(asc(patients.mrn));
  return {
    encounters: encounterRows.map(({ voidedAt, ...row }) => ({
      ...row,
      voided: voidedAt !== null,
    })),
    claims: claimRows,
    enrollments: enrollmentRows.map(
      ({ toldCostSharing, toldOnePractitioner, toldRightToStop, ...row }) => ({
        ...row,
        told: [toldCostSharing, toldOnePractitioner, toldRightToStop],
      }),
    ),
  };
}

/** Builds the one-line enroll command with a form step's details, for the console. */
function enrollLine(form: EnrollmentFields): string {
  return `enroll ${form.name}, MRN ${form.mrn}, DOB ${form.dateOfBirth}, conditions: ${form.conditions.join(", ")}, consent: ${form.consentType} ${form.consentDate}, obtained by ${form.obtainedBy}, told: all`;
}

/** Slack modal state for a form step, keyed by block id and action id as Slack sends it. */
function slackFormState(form: EnrollmentFields) {
  const text = (value: string) => ({ type: "plain_text_input", value });
  const choice = (value: string) => ({ type: "radio_buttons", selected_option: { value } });
  return {
    name: { name: text(form.name) },
    dateOfBirth: { dateOfBirth: text(form.dateOfBirth) },
    mrn: { mrn: text(form.mrn) },
    program: { program: choice("ccm") },
    conditions: { conditions: text(form.conditions.join("\n")) },
    consentType: { consentType: choice(form.consentType) },
    consentDate: { consentDate: { type: "datepicker", selected_date: form.consentDate } },
    consentObtainedBy: { consentObtainedBy: text(form.obtainedBy) },
    disclosures: {
      disclosures: {
        type: "checkboxes",
        selected_options: ["costSharing", "onePractitioner", "rightToStop"].map((value) => ({
          value,
        })),
      },
    },
  };
}

/** Teams card inputs for a form step, keyed by input id as the Teams client submits them. */
function teamsFormInputs(form: EnrollmentFields): Record<string, string> {
  return {
    "field.name": form.name,
    "field.dateOfBirth": form.dateOfBirth,
    "field.mrn": form.mrn,
    "field.program": "ccm",
    "field.conditions": form.conditions.join("\n"),
    "field.consentType": form.consentType,
    "field.consentDate": form.consentDate,
    "field.consentObtainedBy": form.obtainedBy,
    "field.disclosures.costSharing": "true",
    "field.disclosures.onePractitioner": "true",
    "field.disclosures.rightToStop": "true",
  };
}

function slackTs(wallTime: string, sequence: number): string {
  const seconds = Math.floor(instantFromLocalTime(wallTime, zone).getTime() / 1000);
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

async function runSlack(database: TestDatabase): Promise<void> {
  const harness = await startSlackBot(database);
  harness.clock.setLocal(scriptClock, zone);
  try {
    for (const [index, step] of script.entries()) {
      if (step.kind === "command") {
        const responseUrl = harness.fake.responseUrl(`command-${index}`);
        await postCommand(harness.url, { text: step.text, responseUrl });
        await harness.fake.waitFor((calls) =>
          calls.some((call) => call.method === `response:/response/command-${index}`),
        );
      } else if (step.kind === "form") {
        await postCommand(harness.url, {
          text: "enroll",
          responseUrl: harness.fake.responseUrl(`form-${index}`),
        });
        const opened = harness.fake.callsTo("views.open").at(-1)?.params.view as {
          private_metadata: string;
        };
        const review = await postViewSubmission(harness.url, {
          callbackId: "ccm_enrollment_form",
          values: slackFormState(step.form),
          privateMetadata: opened.private_metadata,
        });
        const pushed = (await review.json()) as { view: { private_metadata: string } };
        const confirmed = await postViewSubmission(harness.url, {
          callbackId: "ccm_enrollment_confirm",
          values: {},
          privateMetadata: pushed.view.private_metadata,
        });
        expect(confirmed.status).toBe(200);
      } else if (step.kind === "message") {
        await postEvent(
          harness.url,
          messageEvent({ text: step.text, ts: slackTs(step.at, index), user: "UADMIN" }),
        );
      } else {
        const prompt = harness.fake.callsTo("chat.postEphemeral").at(-1);
        const blocks = prompt?.params.blocks as {
          elements?: { value?: string; text?: { text: string } }[];
        }[];
        const button = blocks
          .flatMap((block) => block.elements ?? [])
          .find((element) => element.text?.text.startsWith(step.candidate));
        const responseUrl = harness.fake.responseUrl(`choice-${index}`);
        await postButton(harness.url, {
          actionId: "ccm_choose_patient:1",
          value: button?.value ?? "",
          responseUrl,
          ephemeral: true,
        });
      }
    }
    await harness.bot.outbox.idle();
  } finally {
    await harness.stop();
  }
}

async function runTeams(database: TestDatabase): Promise<void> {
  const harness = await startTeamsBot(database);
  harness.clock.setLocal(scriptClock, zone);
  const serviceUrl = harness.connector.serviceUrl;
  try {
    for (const step of script) {
      let activity: Record<string, unknown>;
      if (step.kind === "command") {
        activity = teamsMessage({ serviceUrl, kind: "personal", text: step.text });
      } else if (step.kind === "form") {
        await runTeamsForm(harness, step.form);
        continue;
      } else if (step.kind === "message") {
        // Channel messages as Teams sends them: the bot's mention and HTML entities.
        activity = teamsMessage({
          serviceUrl,
          text: `<at>${teamsIds.botName}</at>&nbsp;${step.text.replace(/ /g, "&nbsp;")}`,
          botMentions: [`<at>${teamsIds.botName}</at>`],
          timestamp: instantFromLocalTime(step.at, zone),
        });
      } else {
        // In a channel the candidates go to a 1:1 chat, where the button is pressed.
        const prompt = harness.connector
          .messages()
          .filter((call) => call.conversationId?.startsWith("a:personal-"))
          .at(-1);
        const button = cardButtons(prompt).find((action) =>
          action.title.startsWith(step.candidate),
        );
        activity = teamsButtonPress({
          serviceUrl,
          kind: "personal",
          conversationId: prompt?.conversationId,
          replyToId: "activity-candidates",
          data: button?.data ?? { action: "", value: "" },
        });
      }
      const response = await postActivity(harness.url, activity);
      expect(response.status).toBe(200);
    }
    await harness.bot.outbox.idle();
  } finally {
    await harness.stop();
  }
}

/** Opens the enrollment card in the 1:1 chat, fills it in, reviews and confirms it. */
async function runTeamsForm(harness: TeamsBotHarness, form: EnrollmentFields): Promise<void> {
  const serviceUrl = harness.connector.serviceUrl;
  const personal = () => harness.connector.messages(teamsIds.personalChat).at(-1);
  await postActivity(harness.url, teamsMessage({ serviceUrl, kind: "personal", text: "enroll" }));
  const card = personal();
  const cardId = card?.responseId;
  await postActivity(
    harness.url,
    teamsMessage({
      serviceUrl,
      kind: "personal",
      replyToId: cardId,
      value: cardSubmission(card, "Review", teamsFormInputs(form)),
    }),
  );
  const response = await postActivity(
    harness.url,
    teamsMessage({
      serviceUrl,
      kind: "personal",
      replyToId: cardId,
      value: cardSubmission(personal(), "Confirm"),
    }),
  );
  expect(response.status).toBe(200);
}

async function runConsoleScript(database: TestDatabase): Promise<string> {
  const clock = new TestClock(instantFromLocalTime(scriptClock, zone));
  const context = createTestContext(database.db, {
    clock,
    admins: [consoleUser.userId],
    billingChannel: "console",
  });
  const lines: string[] = [];
  for (const step of script) {
    if (step.kind === "command") lines.push(`/ccm ${step.text}`);
    else if (step.kind === "form") lines.push(`/ccm ${enrollLine(step.form)}`);
    else if (step.kind === "message") lines.push(step.text);
    // The console numbers the candidates in roster order: Jane Doe first, John Doe second.
    else lines.push(step.candidate === "John Doe" ? "2" : "1");
  }
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk) => {
    printed += String(chunk);
  });
  input.end(`${lines.join("\n")}\n`);
  await runConsole({ context, input, output, flushPosts: async () => {} });
  return printed;
}

describeDatabases("chat parity", (database) => {
  it("leaves the same records through every adapter", async () => {
    await runSlack(database());
    const slack = await readRecords(database());
    await database().reset();

    await runTeams(database());
    const teams = await readRecords(database());
    await database().reset();

    const printed = await runConsoleScript(database());
    const consoleRecords = await readRecords(database());

    expect(printed).toContain("[2] John Doe");
    expect(
      slack.encounters.map((row) => [row.mrn, row.minutes, row.serviceDate, row.voided]),
    ).toEqual([
      ["100234", 15, "2026-03-09", false],
      ["100234", 10, "2026-03-10", false],
      ["100243", 12, "2026-03-10", false],
      ["100243", 9, "2026-03-10", true],
    ]);
    expect(slack.claims).toEqual([
      { mrn: "100234", month: "2026-03", code: "99490", units: 1, status: "pending" },
      { mrn: "100243", month: "2026-03", code: "99490", units: 1, status: "void" },
    ]);
    expect(slack.enrollments).toEqual([
      {
        mrn: "100234",
        program: "ccm",
        conditions: ["diabetes", "hypertension"],
        consentType: "verbal",
        consentDate: "2025-12-01",
        consentObtainedBy: "Nurse Joy",
        told: [false, false, false],
        startsOn: "2025-12-01",
      },
      {
        mrn: "100243",
        program: "ccm",
        conditions: ["COPD", "heart failure"],
        consentType: "written",
        consentDate: "2025-12-01",
        consentObtainedBy: "Nurse Joy",
        told: [true, true, true],
        startsOn: "2025-12-01",
      },
    ]);
    expect(teams).toEqual(slack);
    expect(consoleRecords).toEqual(slack);
  });
});

import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { encounters, patients, pendingLogs } from "../../../db/schema/index.ts";
import { captureLogger } from "../../support/context.ts";
import { describeDatabases } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import {
  messageEvent,
  postButton,
  postCommand,
  postEvent,
  postedText,
  postSigned,
  slackTsAt,
  testSigningSecret,
} from "../../support/slack-requests.ts";

const hostileName = "Robert'); DROP TABLE patients;-- Tables";
const enrollHostile = `enroll ${hostileName}, MRN 100999, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01`;
const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";

describeDatabases("Slack security", (database) => {
  let harness: SlackBotHarness;
  let logLines: string[];

  beforeEach(async () => {
    const captured = captureLogger("debug");
    logLines = captured.lines;
    harness = await startSlackBot(database(), { logger: captured.logger });
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function command(
    text: string,
    user = "UADMIN",
    id = String(harness.fake.calls.length + 1),
  ) {
    const response = await postCommand(harness.url, {
      text,
      user,
      responseUrl: harness.fake.responseUrl(id),
    });
    expect(response.status).toBe(200);
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === `response:/response/${id}`),
    );
    return harness.fake.callsTo(`response:/response/${id}`)[0]?.params ?? {};
  }

  async function log(text: string, ts: string, user = "UADMIN") {
    const response = await postEvent(harness.url, messageEvent({ text, ts, user }));
    expect(response.status).toBe(200);
  }

  it("stores SQL in names and notes literally", async () => {
    await command(enrollHostile);
    const note = "x'); DELETE FROM encounters;-- and 1=1";

    await log(`20 min with MRN 100999 ${note}`, slackTsAt("2026-03-10T15:00"));

    const [patient] = await database().db.select().from(patients);
    expect(patient?.name).toBe(hostileName);
    const [row] = await database().db.select().from(encounters);
    expect(row?.note).toContain("x'); DELETE FROM encounters;");
    const tables = await database().db.execute(
      sql`select count(*)::int as count from pg_tables where schemaname = 'public'`,
    );
    expect(JSON.stringify(tables)).toContain("count");
  });

  it("echoes mentions and markup harmlessly", async () => {
    const hostile = "<!channel> @here <@U999> *bold* <http://x|y>";
    await command(
      `enroll Ann ${hostile}, MRN 100555, conditions: diabetes, hypertension, consent: verbal`,
      "UADMIN",
      "enroll",
    );
    await log(`spent 20 min with Delbert ${hostile} Quince`, slackTsAt("2026-03-10T15:00"));
    await command(`total Zed ${hostile}`, "UADMIN", "total");

    const posted = harness.fake.calls.filter(
      (call) => call.method.startsWith("chat.") || call.method.startsWith("response:"),
    );
    expect(posted.length).toBeGreaterThanOrEqual(3);
    for (const call of posted) {
      const text = postedText(call.params);
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<@U999>");
      expect(text).not.toContain("<http://x|y>");
      expect(text).not.toContain("*bold*");
      expect(text).not.toMatch(/(^|[^\u2060])@here/);
    }
    expect(
      postedText(harness.fake.callsTo("response:/response/enroll")[0]?.params ?? {}),
    ).toContain("&lt;!channel&gt;");
  });

  it("logs no token, name or note through a whole flow", async () => {
    await command(enrollJane);
    await log("spent 25 min with Jane Doe on insulin titration", slackTsAt("2026-03-10T15:00", 1));
    await harness.fake.waitFor((calls) => calls.some((call) => call.params.channel === "CBILLING"));
    // Error paths: Slack refuses the reply, and a database failure inside the insert.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      harness.fake.failNext("chat.postMessage", { status: 500 });
    }
    await log("10 min with Jane Doe on insulin titration", slackTsAt("2026-03-10T15:05", 2));
    await database().db.execute(sql`
      create function reject_encounter() returns trigger language plpgsql as $$
      begin raise exception 'encounters are read-only in this test'; end $$`);
    await database().db.execute(sql`
      create trigger reject_encounter before insert on encounters
      for each row execute function reject_encounter()`);
    try {
      await log("5 min with Jane Doe on insulin titration", slackTsAt("2026-03-10T15:10", 3));
    } finally {
      // Emptying tables between tests keeps triggers, so this one must go here.
      await database().db.execute(sql`drop trigger reject_encounter on encounters`);
      await database().db.execute(sql`drop function reject_encounter`);
    }
    await postEvent(
      harness.url,
      messageEvent({ text: "x", ts: slackTsAt("2026-03-10T15:11", 4) }),
      {
        secret: "wrong-secret",
      },
    );
    await harness.bot.outbox.idle();

    const all = logLines.join("\n");
    expect(all).toContain("message not recorded");
    expect(all).toContain("reply not delivered");
    expect(all).not.toContain("xoxb-test-token");
    expect(all).not.toContain(testSigningSecret);
    expect(all).not.toMatch(/jane|doe/i);
    expect(all).not.toMatch(/insulin|titration/i);
  });

  it("rejects bad signatures on every route", async () => {
    const badSecret = { secret: "wrong-secret" };
    const ts = slackTsAt("2026-03-10T15:00");

    const event = await postEvent(
      harness.url,
      messageEvent({ text: "20 min with Jane Doe", ts, user: "UADMIN" }),
      badSecret,
    );
    const slash = await postCommand(
      harness.url,
      { text: enrollJane, responseUrl: harness.fake.responseUrl("x") },
      badSecret,
    );
    const button = await postButton(
      harness.url,
      { actionId: "ccm_undo_encounter:0", value: "1", responseUrl: harness.fake.responseUrl("y") },
      badSecret,
    );
    const unsigned = await fetch(`${harness.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(messageEvent({ text: "20 min with Jane Doe", ts, user: "UADMIN" })),
    });
    const tampered = await postSigned(`${harness.url}/slack/events`, "{}", "application/json", {
      headers: { "x-slack-signature": "v0=0000" },
    });

    expect([event.status, slash.status, button.status, unsigned.status, tampered.status]).toEqual([
      401, 401, 401, 401, 401,
    ]);
    expect(await database().db.select().from(patients)).toHaveLength(0);
    expect(harness.fake.calls.filter((call) => call.method !== "auth.test")).toHaveLength(0);
  });

  it("records nothing from users who are not providers", async () => {
    await command(enrollJane);
    harness.fake.clear();

    await log("20 min with Jane Doe", slackTsAt("2026-03-10T15:00"), "USTRANGER");

    expect(await database().db.select().from(encounters)).toHaveLength(0);
    const [reply] = harness.fake.callsTo("chat.postEphemeral");
    expect(reply?.params.user).toBe("USTRANGER");
    expect(postedText(reply?.params ?? {})).toContain("Only registered providers");
  });

  it("lets only the owner choose a waiting log's patient", async () => {
    await command(enrollJane);
    await command(
      "enroll John Doe, MRN 100243, conditions: COPD, heart failure, consent: written 2025-12-01",
    );
    await command("help", "UNURSE");
    await database().db.execute(
      sql`insert into providers (platform, platform_user_id, role) values ('slack', 'UNURSE', 'clinical_staff')`,
    );
    await log("20 min with J. Doe, med rec", slackTsAt("2026-03-10T15:00"));
    const [pending] = await database().db.select().from(pendingLogs);
    const [john] = (await database().db.select().from(patients)).filter(
      (row) => row.name === "John Doe",
    );

    await postButton(harness.url, {
      actionId: "ccm_choose_patient:1",
      value: `${pending?.id}:${john?.id}`,
      user: "UNURSE",
      responseUrl: harness.fake.responseUrl("choice"),
      ephemeral: true,
    });

    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/choice"),
    );
    expect(
      postedText(harness.fake.callsTo("response:/response/choice")[0]?.params ?? {}),
    ).toContain("Only the provider who wrote");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("rejects bodies over 1 MB", async () => {
    const big = JSON.stringify(
      messageEvent({
        text: `20 min with Jane Doe ${"x".repeat(1_100_000)}`,
        ts: "1773169200.000001",
        user: "UADMIN",
      }),
    );

    const slack = await postSigned(`${harness.url}/slack/events`, big, "application/json");
    const health = await fetch(`${harness.url}/healthz`, { method: "POST", body: big });

    expect(slack.status).toBe(413);
    expect(health.status).toBe(413);
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  });

  it("survives random and truncated payloads", async () => {
    await command(enrollJane);
    const valid = JSON.stringify(
      messageEvent({
        text: "20 min with Jane Doe",
        ts: slackTsAt("2026-03-10T15:00"),
        user: "UADMIN",
      }),
    );
    const bodies = [
      valid.slice(0, 40),
      valid.slice(0, valid.length - 3),
      "null",
      "[]",
      '{"type":"event_callback","event":null}',
      '{"type":"event_callback","event":{"type":"message","channel":7,"ts":{}}}',
      '{"type":"event_callback","event":{"type":"message","user":"UADMIN","channel":"C1","ts":"1.1","text":["x"]}}',
      "payload=%7B%22type%22%3A%22block_actions%22%7D",
      "\u0000\uffff",
      "Jane Doe 20 min",
    ];
    for (let seed = 0; seed < 20; seed += 1) {
      bodies.push(
        Array.from({ length: 50 }, (_, index) =>
          String.fromCharCode((seed * 7919 + index * 104_729) % 65_536),
        ).join(""),
      );
    }

    for (const body of bodies) {
      const contentType = body.startsWith("payload=")
        ? "application/x-www-form-urlencoded"
        : "application/json";
      const response = await postSigned(`${harness.url}/slack/events`, body, contentType);
      expect(response.status).toBeLessThan(600);
    }

    await log("20 min with Jane Doe", slackTsAt("2026-03-10T15:00"));
    expect(await database().db.select().from(encounters)).toHaveLength(1);
    expect(logLines.join("\n")).toContain("is not valid JSON");
    expect(logLines.join("\n")).not.toContain("Jane");
  });
});

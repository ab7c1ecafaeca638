import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  auditEvents,
  claims,
  encounters,
  outbox,
  pendingLogs,
  processedEvents,
  providers,
} from "../../db/schema/index.ts";
import {
  ImportCommandError,
  type ImportSlackExportOptions,
  runImportSlackExport,
} from "../../src/commands/import-slack-export.ts";
import { loadConfig } from "../../src/config.ts";
import { SlackExportError } from "../../src/import/slack-export/export-error.ts";
import { countOutcomes, type ImportReport } from "../../src/import/slack-export/import-report.ts";
import { captureLogger, createTestContext } from "../support/context.ts";
import { describeDatabases, type TestDatabase } from "../support/databases.ts";
import { FakeSlackApi } from "../support/fake-slack-api.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";
import { startSlackBot } from "../support/slack-bot.ts";
import {
  careTeamExport,
  careTeamTs,
  tsAt,
  writeExportFolder,
  writeExportZip,
} from "../support/slack-export.ts";
import { messageChangedEvent, messageEvent, postEvent } from "../support/slack-requests.ts";

let dir: string;
let folder: string;
let zip: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ccm-import-"));
  folder = join(dir, "export");
  zip = join(dir, "export.zip");
  writeExportFolder(folder, careTeamExport());
  await writeExportZip(zip, careTeamExport());
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Creates a stream that keeps what was written; `isTTY` makes it look like a terminal. */
function captureStream(isTTY = false) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = "";
  stream.on("data", (chunk) => {
    text += String(chunk);
  });
  return { stream, text: () => text };
}

const baseEnvironment = { CCM_TIMEZONE: "America/New_York", CCM_ADMINS: "UADMIN" };

describeDatabases("ccm import slack-export", (database) => {
  async function seed(db: TestDatabase = database()) {
    const context = createTestContext(db.db);
    const nurse = await addProvider(db.db, { userId: "UNURSE" });
    const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const john = await enrollTestPatient(context, nurse, { name: "John Doe", mrn: "100243" });
    return { nurse, jane, john };
  }

  async function runImport(
    path: string,
    options: Partial<ImportSlackExportOptions> = {},
    environment: Record<string, string> = {},
    stderrIsTTY = false,
  ) {
    const stdout = captureStream();
    const stderr = captureStream(stderrIsTTY);
    const report = await runImportSlackExport(
      path,
      { channel: "care-team", month: "2026-03", workspace: "acme", ...options },
      {
        config: loadConfig({ ...baseEnvironment, ...environment }),
        stdout: stdout.stream,
        stderr: stderr.stream,
        logger: captureLogger("warn").logger,
        database: database(),
      },
    );
    return { report, stdout: stdout.text(), stderr: stderr.text() };
  }

  function rowOf(report: ImportReport, ts: string) {
    const row = report.rows.find((candidate) => candidate.ts === ts);
    if (!row) throw new Error(`no report row for ts ${ts}`);
    return row;
  }

  async function encounterRows() {
    return database()
      .db.select({
        patientId: encounters.patientId,
        minutes: encounters.minutes,
        serviceDate: encounters.serviceDate,
        sourceChannel: encounters.sourceChannel,
        sourceMessageId: encounters.sourceMessageId,
        voidedAt: encounters.voidedAt,
      })
      .from(encounters)
      .orderBy(asc(encounters.sourceMessageId));
  }

  async function claimRows() {
    return database()
      .db.select({
        patientId: claims.patientId,
        month: claims.month,
        code: claims.code,
        units: claims.units,
        status: claims.status,
      })
      .from(claims)
      .orderBy(asc(claims.patientId), asc(claims.month), asc(claims.code));
  }

  it("imports a month with its encounters and claims", async () => {
    const { jane, john } = await seed();

    const { report, stdout } = await runImport(folder);

    expect(countOutcomes(report.rows)).toEqual({
      recorded: 4,
      updated: 0,
      "already present": 0,
      "needs a patient choice": 2,
      "not a log": 5,
      skipped: 2,
      failed: 4,
    });
    expect(await encounterRows()).toEqual([
      {
        patientId: jane,
        minutes: 15,
        serviceDate: "2026-03-02",
        sourceChannel: "C0CARE",
        sourceMessageId: careTeamTs.janeFirst,
        voidedAt: null,
      },
      {
        patientId: jane,
        minutes: 5,
        serviceDate: "2026-03-03",
        sourceChannel: "C0CARE",
        sourceMessageId: careTeamTs.edited,
        voidedAt: null,
      },
      {
        patientId: john,
        minutes: 25,
        serviceDate: "2026-03-03",
        sourceChannel: "C0CARE",
        sourceMessageId: careTeamTs.changed,
        voidedAt: null,
      },
      {
        patientId: john,
        minutes: 20,
        serviceDate: "2026-03-03",
        sourceChannel: "C0CARE",
        sourceMessageId: careTeamTs.threadReply,
        voidedAt: null,
      },
    ]);
    expect(await claimRows()).toEqual([
      { patientId: jane, month: "2026-03", code: "99490", units: 1, status: "pending" },
      { patientId: john, month: "2026-03", code: "99439", units: 1, status: "pending" },
      { patientId: john, month: "2026-03", code: "99490", units: 1, status: "pending" },
    ]);
    expect(report.claimChanges).toBe(3);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(2);
    expect(await database().db.select().from(outbox)).toHaveLength(0);
    expect(await database().db.select().from(processedEvents)).toHaveLength(0);

    expect(rowOf(report, careTeamTs.janeFirst)).toMatchObject({
      date: "2026-03-02",
      time: "09:00",
      user: "UNURSE",
      userName: "Nora",
      outcome: "recorded",
      detail: "15 min for J.D. (MRN 100234) on 2026-03-02",
      link: `https://acme.slack.com/archives/C0CARE/p${careTeamTs.janeFirst.replace(".", "")}`,
    });
    expect(rowOf(report, careTeamTs.edited).detail).toBe(
      "5 min for J.D. (MRN 100234) on 2026-03-03; claim 99490 earned (edited text)",
    );
    expect(rowOf(report, careTeamTs.threadReply).detail).toContain("claim 99439 earned");
    expect(rowOf(report, careTeamTs.ambiguous)).toMatchObject({
      outcome: "needs a patient choice",
      userName: "Ada Admin",
    });
    expect(rowOf(report, careTeamTs.ambiguous).detail).toContain("2 patients match the name");
    expect(rowOf(report, careTeamTs.unknownPatient).detail).toContain(
      "no enrolled patient matches the name",
    );
    expect(rowOf(report, careTeamTs.notProvider)).toMatchObject({
      outcome: "failed",
      detail:
        "UTEMP (Tom Temp) is not a provider who may log time; register them as a provider, then import again",
    });
    expect(rowOf(report, careTeamTs.noDuration).detail).toContain("No duration found.");
    expect(rowOf(report, careTeamTs.deleted)).toMatchObject({
      outcome: "skipped",
      detail: "deleted in Slack",
    });
    expect(rowOf(report, careTeamTs.tombstone).outcome).toBe("skipped");
    expect(rowOf(report, careTeamTs.join)).toMatchObject({
      outcome: "not a log",
      detail: "channel join event",
    });
    expect(rowOf(report, careTeamTs.botReply)).toMatchObject({
      outcome: "not a log",
      detail: "bot message",
    });
    expect(rowOf(report, careTeamTs.undo).detail).toContain("an import does not replay undos");
    expect(report.rows.filter((row) => row.outcome === "failed" && row.ts === "")).toHaveLength(2);

    expect(stdout).toContain("Slack export import: #care-team (C0CARE), March 2026");
    expect(stdout).toContain(
      "Totals: 4 recorded, 0 updated, 0 already present, 2 needs a patient choice, 5 not a log, 2 skipped, 4 failed; 1 day file skipped; 3 claim changes.",
    );
    expect(stdout).toContain(
      "Claims were recorded but not posted to the billing channel; add --notify",
    );
    expect(stdout).not.toContain("Jane");
    expect(stdout).not.toContain("Mary");
  });

  it("imports twice with the same result", async () => {
    await seed();

    const first = await runImport(zip);
    const encountersAfterFirst = await encounterRows();
    const claimsAfterFirst = await claimRows();
    const second = await runImport(zip);

    expect(await encounterRows()).toEqual(encountersAfterFirst);
    expect(await claimRows()).toEqual(claimsAfterFirst);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(2);
    expect(countOutcomes(second.report.rows)).toEqual({
      recorded: 0,
      updated: 0,
      "already present": 4,
      "needs a patient choice": 2,
      "not a log": 5,
      skipped: 2,
      failed: 4,
    });
    expect(second.report.claimChanges).toBe(0);
    expect(rowOf(second.report, careTeamTs.janeFirst).detail).toMatch(
      /^encounter #\d+: 15 min on 2026-03-02$/,
    );
    expect(rowOf(second.report, careTeamTs.ambiguous).detail).toContain(
      "still waiting for a patient choice",
    );
    expect(second.report.rows.map((row) => row.ts)).toEqual(first.report.rows.map((row) => row.ts));
  });

  it("imports every month without --month", async () => {
    const { jane } = await seed();

    const { report } = await runImport(zip, { month: undefined });

    expect(countOutcomes(report.rows).recorded).toBe(6);
    const janeDates = (await encounterRows())
      .filter((row) => row.patientId === jane)
      .map((row) => row.serviceDate);
    expect(janeDates).toEqual(["2026-02-27", "2026-03-02", "2026-03-03", "2026-04-01"]);
    const janeClaims = (await claimRows()).filter((row) => row.patientId === jane);
    expect(janeClaims.map((row) => `${row.month} ${row.code}`)).toEqual([
      "2026-03 99490",
      "2026-04 99490",
    ]);
  });

  it("records nothing twice after live events", async () => {
    await seed();
    const harness = await startSlackBot(database());
    try {
      for (const [ts, text, user, threadTs] of [
        [careTeamTs.janeFirst, "spent 15 min with Jane Doe on diabetes meds", "UNURSE", undefined],
        [
          careTeamTs.threadReply,
          "20 min with John Doe care plan",
          "UADMIN",
          careTeamTs.threadParent,
        ],
      ] as const) {
        const response = await postEvent(
          harness.url,
          messageEvent({ text, ts, user, channel: "C0CARE", threadTs }),
        );
        expect(response.status).toBe(200);
      }
    } finally {
      await harness.stop();
    }
    expect(await encounterRows()).toHaveLength(2);

    const { report } = await runImport(folder);

    expect(rowOf(report, careTeamTs.janeFirst).outcome).toBe("already present");
    expect(rowOf(report, careTeamTs.threadReply).outcome).toBe("already present");
    expect(countOutcomes(report.rows).recorded).toBe(2);
    expect(await encounterRows()).toHaveLength(4);
    expect((await claimRows()).map((row) => row.code)).toEqual(["99490", "99439", "99490"]);
  });

  it("applies edits and deletions the bot missed", async () => {
    const { jane, john } = await seed();
    const harness = await startSlackBot(database());
    try {
      for (const [ts, text] of [
        [careTeamTs.changed, "12 min with John Doe"],
        [careTeamTs.deleted, "40 min with Jane Doe"],
      ] as const) {
        const response = await postEvent(
          harness.url,
          messageEvent({ text, ts, user: "UNURSE", channel: "C0CARE" }),
        );
        expect(response.status).toBe(200);
      }
    } finally {
      await harness.stop();
    }
    const liveClaims = await claimRows();
    // The 40 minutes of the message deleted later earn 99490 and one unit of 99439.
    expect(liveClaims.filter((row) => row.patientId === jane).map((row) => row.code)).toEqual([
      "99439",
      "99490",
    ]);

    const { report } = await runImport(folder);

    const changed = rowOf(report, careTeamTs.changed);
    expect(changed.outcome).toBe("updated");
    expect(changed.detail).toContain("25 min for J.D. (MRN 100243) on 2026-03-03");
    expect(changed.detail).toContain("was 12 min on 2026-03-03");
    const deleted = rowOf(report, careTeamTs.deleted);
    expect(deleted.outcome).toBe("updated");
    expect(deleted.detail).toContain("deleted in Slack");
    const rows = await encounterRows();
    const changedRow = rows.find((row) => row.sourceMessageId === careTeamTs.changed);
    expect(changedRow?.patientId).toBe(john);
    expect(changedRow?.minutes).toBe(25);
    expect(changedRow?.voidedAt).toBeNull();
    const deletedRow = rows.find((row) => row.sourceMessageId === careTeamTs.deleted);
    expect(deletedRow?.voidedAt).not.toBeNull();
    // Jane's month keeps 15 + 5 minutes from the import, without the deleted 40.
    const janeClaims = (await claimRows()).filter((row) => row.patientId === jane);
    expect(janeClaims.filter((row) => row.status !== "void").map((row) => row.code)).toEqual([
      "99490",
    ]);

    const again = await runImport(folder);

    expect(rowOf(again.report, careTeamTs.changed).outcome).toBe("already present");
    expect(rowOf(again.report, careTeamTs.deleted).outcome).toBe("skipped");
    expect(again.report.claimChanges).toBe(0);
  });

  it("keeps a later live edit over an older export", async () => {
    const { john } = await seed();
    const harness = await startSlackBot(database());
    try {
      const original = messageEvent({
        text: "12 min with John Doe",
        ts: careTeamTs.changed,
        user: "UNURSE",
        channel: "C0CARE",
      });
      expect((await postEvent(harness.url, original)).status).toBe(200);
      const laterEdit = messageChangedEvent({
        channel: "C0CARE",
        ts: careTeamTs.changed,
        user: "UNURSE",
        text: "35 min with John Doe",
        previousText: "12 min with John Doe",
        editedTs: tsAt("2026-03-03T12:00"),
      });
      expect((await postEvent(harness.url, laterEdit)).status).toBe(200);
    } finally {
      await harness.stop();
    }

    const { report } = await runImport(folder);

    expect(rowOf(report, careTeamTs.changed).outcome).toBe("already present");
    const row = (await encounterRows()).find(
      (candidate) => candidate.sourceMessageId === careTeamTs.changed,
    );
    expect(row?.patientId).toBe(john);
    expect(row?.minutes).toBe(35);
  });

  it("records a log once its writer is a provider", async () => {
    await seed();
    await runImport(folder);

    await addProvider(database().db, { userId: "UTEMP" });
    const { report } = await runImport(folder);

    expect(rowOf(report, careTeamTs.notProvider).outcome).toBe("recorded");
    const temp = await database()
      .db.select()
      .from(encounters)
      .where(eq(encounters.sourceMessageId, careTeamTs.notProvider));
    expect(temp).toHaveLength(1);
    expect(temp[0]?.minutes).toBe(30);
  });

  it("writes nothing on a dry run", async () => {
    await seed();
    const auditBefore = await database().db.select().from(auditEvents);

    const { report, stdout } = await runImport(zip, { dryRun: true });

    expect(countOutcomes(report.rows).recorded).toBe(4);
    expect(report.claimChanges).toBe(3);
    expect(stdout).toContain("(dry run: nothing was written)");
    expect(stdout).not.toContain("Claims were recorded");
    expect(await encounterRows()).toHaveLength(0);
    expect(await claimRows()).toHaveLength(0);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(0);
    expect(await database().db.select().from(outbox)).toHaveLength(0);
    const providerIds = await database()
      .db.select({ id: providers.platformUserId })
      .from(providers);
    expect(providerIds.map((row) => row.id)).toEqual(["UNURSE"]);
    expect(await database().db.select().from(auditEvents)).toEqual(auditBefore);
  });

  it("writes the report as CSV", async () => {
    await seed();
    const file = join(dir, `report-${Date.now()}.csv`);

    await runImport(zip, { report: file });

    const text = readFileSync(file, "utf8");
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(text.split("\n")[0]).toBe("date,time,ts,user,user_name,outcome,detail,link");
    expect(records).toHaveLength(17);
    expect(records.map((record) => record.date)).toEqual(
      [...records.map((record) => record.date)].sort(),
    );
    expect(records.find((record) => record.date === "2026-03-04")).toMatchObject({
      time: "",
      outcome: "failed",
      link: "care-team/2026-03-04.json",
    });
    expect(records.find((record) => record.ts === careTeamTs.edited)).toEqual({
      date: "2026-03-03",
      time: "10:00",
      ts: careTeamTs.edited,
      user: "UNURSE",
      user_name: "Nora",
      outcome: "recorded",
      detail: "5 min for J.D. (MRN 100234) on 2026-03-03; claim 99490 earned (edited text)",
      link: `https://acme.slack.com/archives/C0CARE/p${careTeamTs.edited.replace(".", "")}`,
    });
    const reply = records.find((record) => record.ts === careTeamTs.threadReply);
    expect(reply?.link).toBe(
      `https://acme.slack.com/archives/C0CARE/p${careTeamTs.threadReply.replace(".", "")}?thread_ts=${careTeamTs.threadParent}&cid=C0CARE`,
    );
    expect(text).not.toContain("Jane");
    expect(text).not.toContain("Mary");
  });

  it("links by channel and ts without a workspace", async () => {
    await seed();

    const { report } = await runImport(folder, { workspace: undefined });

    expect(rowOf(report, careTeamTs.janeFirst).link).toBe(`C0CARE/${careTeamTs.janeFirst}`);
    const [first] = await database().db.select().from(encounters);
    expect(first?.sourceLink).toBeNull();
  });

  it("posts claims to Slack with --notify", async () => {
    await seed();
    const fake = new FakeSlackApi();
    await fake.start();
    await database()
      .db.insert(outbox)
      .values({
        kind: "claim_earned",
        channel: "teams:conversation-1",
        payload: { code: "99490" },
      });
    try {
      const { stdout } = await runImport(
        folder,
        { notify: true },
        {
          SLACK_BOT_TOKEN: "xoxb-import-token",
          SLACK_SIGNING_SECRET: "secret",
          SLACK_API_URL: fake.apiUrl,
          CCM_BILLING_CHANNEL: "CBILLING",
        },
      );

      const posts = fake.callsTo("chat.postMessage");
      expect(posts).toHaveLength(3);
      expect(posts.every((post) => post.params.channel === "CBILLING")).toBe(true);
      expect(posts[0]?.headers.authorization).toBe("Bearer xoxb-import-token");
      expect(JSON.stringify(posts.map((post) => post.params))).not.toContain("Jane");
      expect(stdout).toContain("Billing posts sent to CBILLING: 3.");
      const teamsRows = await database()
        .db.select()
        .from(outbox)
        .where(eq(outbox.channel, "teams:conversation-1"));
      expect(teamsRows[0]).toMatchObject({ status: "pending", attempts: 0 });
    } finally {
      await fake.stop();
    }
  });

  it("needs a Slack token for --notify", async () => {
    await seed();

    const result = runImport(folder, { notify: true }, { CCM_BILLING_CHANNEL: "CBILLING" });

    await expect(result).rejects.toThrow(ImportCommandError);
    await expect(result).rejects.toThrow("--notify needs SLACK_BOT_TOKEN");
    expect(await encounterRows()).toHaveLength(0);
  });

  it("rejects a missing channel, a non-export and a bad month", async () => {
    await expect(runImport(folder, { channel: "general" })).rejects.toThrow(
      "Channels in the export: billing-private, care-team, random.",
    );
    await expect(runImport(join(folder, "care-team"))).rejects.toThrow(SlackExportError);
    await expect(runImport(join(folder, "care-team"))).rejects.toThrow("has no channels.json");
    await expect(runImport(folder, { month: "2026-13" })).rejects.toThrow(
      'Invalid --month "2026-13"',
    );
  });

  it("shows progress only on a terminal", async () => {
    await seed();

    const onTerminal = await runImport(folder, {}, {}, true);
    const onPipe = await runImport(folder, {}, {}, false);

    expect(onTerminal.stderr).toContain("Importing [");
    expect(onTerminal.stderr).toContain("/16 messages");
    expect(onPipe.stderr).toBe("");
  });

  it("stops at a failed write and continues on the next run", async () => {
    await seed();
    await database().db.execute(sql`alter table pending_logs rename to pending_logs_away`);
    let failure: unknown;
    let printed = "";
    try {
      const stdout = captureStream();
      await runImportSlackExport(
        folder,
        { channel: "care-team", month: "2026-03" },
        {
          config: loadConfig(baseEnvironment),
          stdout: stdout.stream,
          stderr: captureStream().stream,
          logger: captureLogger("fatal").logger,
          database: database(),
        },
      ).catch((error: unknown) => {
        failure = error;
      });
      printed = stdout.text();
    } finally {
      await database().db.execute(sql`alter table pending_logs_away rename to pending_logs`);
    }

    expect(failure).toBeInstanceOf(ImportCommandError);
    expect((failure as ImportCommandError).code).toBe("import_stopped");
    expect((failure as Error).message).toContain(
      `Import stopped at the message of 2026-03-02 09:20 (C0CARE/${careTeamTs.ambiguous})`,
    );
    expect(printed).toContain("Totals: 1 recorded");
    expect(await encounterRows()).toHaveLength(1);

    const { report } = await runImport(folder);
    expect(rowOf(report, careTeamTs.janeFirst).outcome).toBe("already present");
    expect(countOutcomes(report.rows).recorded).toBe(3);
    expect(await encounterRows()).toHaveLength(4);
  });
});

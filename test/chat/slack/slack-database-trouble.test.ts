import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { encounters } from "../../../db/schema/index.ts";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import {
  messageEvent,
  postCommand,
  postEvent,
  postedText,
  slackTsAt,
} from "../../support/slack-requests.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";

/**
 * Each test breaks its own database, so none uses the shared suite database. On PostgreSQL the
 * outage is made on the test's database only: new connections are refused and the bot's open
 * ones are terminated. The shared server keeps running.
 */
for (const driver of testDrivers) {
  describe(`Slack with database trouble [${driver}]`, () => {
    let database: TestDatabase;
    let harness: SlackBotHarness;

    afterEach(async () => {
      await harness.stop();
      await database.close().catch(() => {});
    });

    async function startWithJane() {
      database = await openTestDatabase(driver);
      harness = await startSlackBot(database);
      await postCommand(harness.url, {
        text: enrollJane,
        responseUrl: harness.fake.responseUrl("enroll"),
      });
      await harness.fake.waitFor((calls) =>
        calls.some((call) => call.method === "response:/response/enroll"),
      );
      harness.fake.clear();
    }

    async function log(text: string, ts: string) {
      const response = await postEvent(harness.url, messageEvent({ text, ts, user: "UADMIN" }));
      expect(response.status).toBe(200);
      return harness.fake
        .callsTo("chat.postMessage")
        .filter((call) => call.params.thread_ts === ts);
    }

    async function health() {
      const response = await fetch(`${harness.url}/healthz`);
      return {
        status: response.status,
        body: (await response.json()) as { status: string; checks: Record<string, string> },
      };
    }

    async function waitUntilHealthy() {
      const deadline = Date.now() + 10_000;
      while ((await health()).status !== 200) {
        if (Date.now() > deadline) throw new Error("The bot did not reconnect within 10 s");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    /** Refuses new connections to the test database and ends the open ones. */
    async function takeDatabaseDown(): Promise<void> {
      if (driver === "pglite") {
        await database.close();
        return;
      }
      await withAdmin(async (admin, name) => {
        await admin.unsafe(`alter database "${name}" allow_connections false`);
        await terminateBackends(admin, name);
      });
    }

    async function bringDatabaseBack(): Promise<void> {
      await withAdmin(async (admin, name) => {
        await admin.unsafe(`alter database "${name}" allow_connections true`);
      });
    }

    async function withAdmin(work: (admin: postgres.Sql, name: string) => Promise<void>) {
      const name = new URL(database.url ?? "").pathname.slice(1);
      const admin = postgres(process.env.TEST_DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
      try {
        await work(admin, name);
      } finally {
        await admin.end();
      }
    }

    async function terminateBackends(admin: postgres.Sql, name: string) {
      await admin`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ${name} and pid <> pg_backend_pid()`;
    }

    it("answers not recorded while the database is down", async () => {
      await startWithJane();
      await takeDatabaseDown();

      const replies = await log("20 min with Jane Doe", slackTsAt("2026-03-10T15:00"));
      const smallTalk = await log("thanks, see you tomorrow", slackTsAt("2026-03-10T15:01", 2));

      expect(replies).toHaveLength(1);
      expect(postedText(replies[0]?.params ?? {})).toContain("Not recorded");
      expect(postedText(replies[0]?.params ?? {})).toContain("send it again");
      expect(smallTalk).toHaveLength(0);
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.checks.database).toBe("failing");
    });

    if (driver === "postgres") {
      it("records again once the database is back", async () => {
        await startWithJane();
        await takeDatabaseDown();
        await log("20 min with Jane Doe", slackTsAt("2026-03-10T15:00"));

        await bringDatabaseBack();
        // postgres.js opens new connections by itself, and the health check reports when it has.
        await waitUntilHealthy();
        const replies = await log("20 min with Jane Doe", slackTsAt("2026-03-10T15:00"));

        expect(postedText(replies.at(-1)?.params ?? {})).toContain("Logged");
        expect(await database.db.select().from(encounters)).toHaveLength(1);
        expect((await health()).status).toBe(200);
      });

      it("reconnects after its connections are killed", async () => {
        await startWithJane();
        await log("10 min with Jane Doe", slackTsAt("2026-03-10T15:00"));

        await withAdmin((admin, name) => terminateBackends(admin, name));
        // A query already sent on a killed connection fails once; the next ones reconnect.
        await waitUntilHealthy();
        const replies = await log("15 min with Jane Doe", slackTsAt("2026-03-10T15:05", 2));

        expect(postedText(replies[0]?.params ?? {})).toContain("Logged");
        expect(await database.db.select().from(encounters)).toHaveLength(2);
      });
    }

    it("reports Slack trouble in /healthz", async () => {
      await startWithJane();
      harness.fake.startOutage();

      const during = await health();
      harness.fake.endOutage();
      const after = await health();

      expect(during.status).toBe(200);
      expect(during.body).toEqual({
        status: "degraded",
        checks: { database: "ok", slack: "failing" },
      });
      expect(after.body).toEqual({ status: "ok", checks: { database: "ok", slack: "ok" } });
    });
  });
}

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, type DriverName, openDatabase } from "../../db/client.ts";
import { CommandOptionError, runExportCommand } from "../../src/commands/export.ts";
import { runReportCommand } from "../../src/commands/report.ts";
import { ConfigError } from "../../src/config.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { logInput } from "../support/billing.ts";
import { createTestContext } from "../support/context.ts";
import { openTestDatabase, testDrivers } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

/** Jane: 25 min by a nurse (99490), plus 5 min undone. John: 30 practitioner minutes. */
async function seed(handle: DatabaseHandle) {
  const context = createTestContext(handle.db);
  const nurse = await addProvider(handle.db, { userId: "UNURSE" });
  const doctor = await addProvider(handle.db, { userId: "UDOC", role: "physician" });
  const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
  const john = await enrollTestPatient(context, nurse, { name: "John Roe", mrn: "200345" });
  await logEncounter(context, logInput(nurse, jane, 25, "2026-03-03"));
  const extra = await logEncounter(context, logInput(nurse, jane, 5, "2026-03-04"));
  await undoEncounter(context, extra.status === "recorded" ? extra.encounterId : 0, nurse);
  await logEncounter(context, logInput(doctor, john, 30, "2026-03-05"));
}

function collect() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk) => chunks.push(String(chunk)));
  return { stream, text: () => chunks.join("") };
}

for (const driver of testDrivers) {
  describe(`ccm export and report [${driver}]`, () => {
    const folder = mkdtempSync(join(tmpdir(), "ccm-cli-"));
    let environment: NodeJS.ProcessEnv;
    let postgres: Awaited<ReturnType<typeof openTestDatabase>> | undefined;

    beforeAll(async () => {
      const handle = await openCommandDatabase(driver, folder);
      await seed(handle);
      environment =
        driver === "postgres" && handle.url
          ? { DATABASE_URL: handle.url }
          : { CCM_DATA_DIR: folder };
      if (driver === "postgres") postgres = handle as typeof postgres;
      else await handle.close();
    });

    afterAll(async () => {
      await postgres?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it("exports the month as CSV to standard output", async () => {
      const output = collect();

      const count = await runExportCommand(
        { month: "2026-03", format: "csv" },
        output.stream,
        environment,
      );

      expect(count).toBe(2);
      const rows = parse(output.text(), { columns: true }) as Record<string, string>[];
      expect(
        rows.map((row) => [row.patient_mrn, row.code, row.total_minutes, row.date_of_service]),
      ).toEqual([
        ["100234", "99490", "25", "2026-03-03"],
        ["200345", "99491", "30", "2026-03-05"],
      ]);
    });

    it("exports FHIR to a file", async () => {
      const file = join(folder, "claims.json");

      await runExportCommand(
        { month: "2026-03", format: "fhir", output: file },
        collect().stream,
        environment,
      );

      const bundle = JSON.parse(readFileSync(file, "utf8"));
      expect(bundle.resourceType).toBe("Bundle");
      expect(bundle.entry).toHaveLength(2);
    });

    it("reports one patient's documentation", async () => {
      const output = collect();

      const count = await runReportCommand(
        { month: "2026-03", patient: "100234" },
        output.stream,
        environment,
      );

      const text = output.text();
      expect(count).toBe(1);
      expect(text).toContain("CCM documentation report: March 2026");
      expect(text).toContain("== Jane Doe, MRN 100234, born 1950-04-02");
      expect(text).toContain(
        "Enrollment: CCM, verbal consent on 2025-12-01 obtained by Nurse Test",
      );
      expect(text).toContain(
        "Month: 25 min logged; billed as CCM, clinical staff time, 25 min counted",
      );
      expect(text).toMatch(
        /claim \d+: 99490, pending, practitioner not recorded, expected \$66\.13/,
      );
      expect(text).toMatch(
        /encounter \d+: 2026-03-03, 25 min, slack:UNURSE \(clinical staff\); counted toward/,
      );
      expect(text).toContain("What was done: care plan review");
      expect(text).toMatch(/Source: https:\/\/example\.slack\.com\/archives\/CCARE\/p\d+/);
      expect(text).toMatch(/encounter \d+: 2026-03-04, 5 min, .*; undone, not counted/);
      expect(text).toMatch(/encounter\.undo by slack:UNURSE \(minutes=5, serviceDate=2026-03-04\)/);
      expect(text).not.toContain("John Roe");
    });

    it("rejects a bad month, format or MRN", async () => {
      const output = collect();

      await expect(
        runExportCommand({ month: "March", format: "csv" }, output.stream, environment),
      ).rejects.toThrow(CommandOptionError);
      await expect(
        runExportCommand({ month: "2026-03", format: "xml" }, output.stream, environment),
      ).rejects.toThrow('Invalid --format "xml": expected csv or fhir.');
      await expect(
        runReportCommand({ month: "2026-03", patient: "999999" }, output.stream, environment),
      ).rejects.toThrow("No encounters or claims for MRN 999999 in 2026-03");
    });

    it("stops on an invalid fee schedule file", async () => {
      const fees = join(folder, "fees.json");
      writeFileSync(fees, JSON.stringify([{ code: "99490", year: 2026, amount: -1 }]));

      await expect(
        runExportCommand({ month: "2026-03", format: "csv" }, collect().stream, {
          ...environment,
          CCM_FEE_SCHEDULE_FILE: fees,
        }),
      ).rejects.toThrow(ConfigError);
    });

    it("uses a replaced fee schedule", async () => {
      const fees = join(folder, "fees-2026.json");
      writeFileSync(fees, JSON.stringify([{ code: "99490", year: 2026, amount: 70.25 }]));
      const output = collect();

      await runExportCommand({ month: "2026-03", format: "csv" }, output.stream, {
        ...environment,
        CCM_FEE_SCHEDULE_FILE: fees,
      });

      const rows = parse(output.text(), { columns: true }) as Record<string, string>[];
      expect(rows.map((row) => row.expected_amount_usd)).toEqual(["70.25", ""]);
    });
  });
}

describe("ccm export command line", () => {
  it("exits 1 naming a bad month", () => {
    const result = spawnSync("npx", ["tsx", "src/cli.ts", "export", "--month", "2026-3"], {
      encoding: "utf8",
      env: { ...process.env, CCM_DATA_DIR: join(tmpdir(), "ccm-unused") },
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'ccm: Invalid --month "2026-3": expected YYYY-MM, such as 2026-03.',
    );
  });
});

/** Settings whose database cannot be opened: a PGlite folder under a file, or a missing database. */
function unreachableDatabase(driver: DriverName): NodeJS.ProcessEnv {
  if (driver === "pglite") return { CCM_DATA_DIR: "/dev/null/ccm-data" };
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  url.pathname = "/ccm_missing_database";
  return { DATABASE_URL: url.toString() };
}

describe("ccm command line without a database", () => {
  for (const driver of testDrivers) {
    it(`exits 1 with one line when ${driver} cannot open`, () => {
      const environment = { ...process.env, DATABASE_URL: "", ...unreachableDatabase(driver) };
      const result = spawnSync("npx", ["tsx", "src/cli.ts", "export", "--month", "2026-03"], {
        encoding: "utf8",
        env: environment,
      });

      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      const where = driver === "pglite" ? "PGlite database in" : "PostgreSQL database at";
      expect(lines[0]).toContain(`ccm: Cannot open the ${where}`);
      const fix = driver === "pglite" ? "Check CCM_DATA_DIR" : "Check DATABASE_URL";
      expect(lines[0]).toContain(fix);
      const password = new URL(process.env.TEST_DATABASE_URL ?? "postgres://x@y/z").password;
      if (password !== "") expect(lines[0]).not.toContain(`:${password}@`);
    });
  }
});

async function openCommandDatabase(
  driver: DriverName,
  folder: string,
): Promise<DatabaseHandle & { url?: string }> {
  if (driver === "postgres") return openTestDatabase("postgres");
  return openDatabase({ dataDir: join(folder, "pglite") });
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { careTeamExport, writeExportZip } from "../support/slack-export.ts";

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ccm-import-cli-"));
  await writeExportZip(join(dir, "export.zip"), careTeamExport());
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `bin/ccm.js` with the given arguments, standard input and environment (no inherited one). */
async function runCcm(args: string[], input: string, environment: Record<string, string>) {
  const child = spawn(process.execPath, ["bin/ccm.js", ...args], {
    env: { PATH: process.env.PATH, CCM_TIMEZONE: "America/New_York", ...environment },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

describe("ccm import slack-export command line", () => {
  it("imports a zip into the PGlite data folder", async () => {
    const environment = { CCM_DATA_DIR: join(dir, "data"), CCM_ADMINS: "UADMIN,UNURSE" };
    const enrolled = await runCcm(
      ["start"],
      [
        "/ccm enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01",
        "/ccm enroll John Doe, MRN 100243, DOB 1948-09-12, conditions: COPD, heart failure, consent: written 2025-12-01",
        "",
      ].join("\n"),
      environment,
    );
    expect(enrolled.code).toBe(0);

    const args = ["import", "slack-export", join(dir, "export.zip"), "--channel", "#care-team"];
    const imported = await runCcm([...args, "--month", "2026-03"], "", environment);

    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Slack export import: #care-team (C0CARE), March 2026");
    expect(imported.stdout).toContain(
      "Totals: 4 recorded, 0 updated, 0 already present, 2 needs a patient choice, 5 not a log, 2 skipped, 4 failed;",
    );
  }, 120_000);

  it("exits 1 with one line for a path that is not an export", async () => {
    const result = await runCcm(["import", "slack-export", dir, "--channel", "care-team"], "", {
      CCM_DATA_DIR: join(dir, "unused"),
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `ccm: ${dir} is not a Slack export: it has no channels.json. Give the folder or .zip file of a Slack workspace export.\n`,
    );
    expect(result.stdout).toBe("");
  }, 120_000);
});

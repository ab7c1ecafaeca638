import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { claims, encounters } from "../../../db/schema/index.ts";
import { consoleUser, runConsole } from "../../../src/chat/console/console-adapter.ts";
import { createTestContext } from "../../support/context.ts";
import { describeDatabases } from "../../support/databases.ts";

async function runLines(
  context: ReturnType<typeof createTestContext>,
  lines: string[],
): Promise<string> {
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

describeDatabases("console", (database) => {
  it("enrolls and logs from typed lines", async () => {
    const context = createTestContext(database().db, {
      admins: [consoleUser.userId],
      billingChannel: "console",
    });

    const printed = await runLines(context, [
      "/ccm enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal",
      "spent 15 min with J. Doe on diabetes meds",
    ]);

    expect(printed).toContain("Enrolled Jane Doe (MRN 100234)");
    expect(printed).toContain("Logged 15 min for J.D. (MRN 100234)");
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sourcePlatform).toBe("console");
  });

  it("explains a number with no button", async () => {
    const context = createTestContext(database().db, {
      admins: [consoleUser.userId],
      billingChannel: "console",
    });

    const printed = await runLines(context, ["/ccm help", "3"]);

    expect(printed).toContain("The previous answer had no buttons to press.");
  });

  it("presses a button by its number", async () => {
    const context = createTestContext(database().db, {
      admins: [consoleUser.userId],
      billingChannel: "console",
    });

    const printed = await runLines(context, [
      "/ccm enroll Jane Doe, MRN 100234, conditions: diabetes, hypertension, consent: verbal",
      "/ccm enroll John Doe, MRN 100243, conditions: asthma, COPD, consent: verbal",
      "20 min with J. Doe, med rec",
      "2",
    ]);

    expect(printed).toContain("[2] John Doe");
    expect(printed).toContain("Logged 20 min for J.D. (MRN 100243)");
    expect(await database().db.select().from(claims)).toHaveLength(1);
  });
});

it("start command runs console to end", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ccm-console-"));
  try {
    const child = spawn(process.execPath, ["bin/ccm.js", "start"], {
      env: { PATH: process.env.PATH, CCM_DATA_DIR: dataDir, CCM_TIMEZONE: "America/New_York" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += String(chunk);
    });
    child.stdin.end(
      [
        "/ccm enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal",
        "spent 15 min with J. Doe on diabetes meds",
        "10 min call with Jane Doe",
        "",
      ].join("\n"),
    );

    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));

    expect(code).toBe(0);
    expect(stdout).toContain("spent 15 min with J. Doe on diabetes meds");
    expect(stdout).toContain("Logged 15 min for J.D. (MRN 100234)");
    expect(stdout).toContain("[billing] Claim earned: 99490 · J.D. · MRN 100234");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

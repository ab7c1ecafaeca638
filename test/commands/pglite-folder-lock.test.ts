import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import { patients } from "../../db/schema/index.ts";
import { DatabaseLockedError, DatabaseOpenError } from "../../src/errors.ts";
import { openTestDatabase, testDrivers } from "../support/databases.ts";

const cli = fileURLToPath(new URL("../../bin/ccm.js", import.meta.url));

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `ccm` command line in a child process with only the given settings. */
function runCli(args: string[], environment: Record<string, string>): Promise<CommandResult> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? "", CCM_TIMEZONE: "America/New_York", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collectOutput(child);
}

function collectOutput(child: ChildProcess): Promise<CommandResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => {
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Returns the pid of a process that has exited, as a crashed bot leaves in its lock file. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid;
  await new Promise((resolve) => child.once("exit", resolve));
  if (pid === undefined) throw new Error("the short-lived child process got no pid");
  return pid;
}

async function waitFor(read: () => string, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for "${text}" in:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("PGlite folder lock", () => {
  let dataDir: string;
  let pgliteDir: string;
  let lockFile: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "ccm-lock-"));
    pgliteDir = join(dataDir, "pglite");
    lockFile = `${pgliteDir}.lock`;
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a second ccm start", async () => {
    const first = spawn(process.execPath, [cli, "start"], {
      env: { PATH: process.env.PATH ?? "", CCM_DATA_DIR: dataDir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const firstOutput = collectOutput(first);
    let banner = "";
    first.stdout?.on("data", (chunk) => {
      banner += String(chunk);
    });
    await waitFor(() => banner, "ccm-bot console");

    const second = await runCli(["start"], { CCM_DATA_DIR: dataDir });
    first.stdin?.end();
    const firstResult = await firstOutput;

    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`ccm: Cannot open the PGlite database in ${pgliteDir}`);
    expect(lines[0]).toContain(`process ${first.pid} is using it`);
    expect(lines[0]).toContain("set DATABASE_URL");
    expect(firstResult.code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  }, 90_000);

  it("refuses report and export while held", async () => {
    const handle = await openDatabase({ dataDir: pgliteDir });
    try {
      for (const command of ["report", "export"]) {
        const result = await runCli([command, "--month", "2026-03"], { CCM_DATA_DIR: dataDir });

        expect(result.code).toBe(1);
        const lines = result.stderr.trim().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`process ${process.pid} is using it`);
        expect(lines[0]).toContain(`lock file ${lockFile}`);
      }
    } finally {
      await handle.close();
    }
  }, 90_000);

  it("releases the folder on close", async () => {
    const handle = await openDatabase({ dataDir: pgliteDir });
    expect(readFileSync(lockFile, "utf8").trim()).toBe(String(process.pid));

    await handle.close();

    expect(existsSync(lockFile)).toBe(false);
    const result = await runCli(["report", "--month", "2026-03"], { CCM_DATA_DIR: dataDir });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No encounters or claims in this month.");
  }, 60_000);

  it("takes over a stale lock", async () => {
    const stale = await deadPid();
    writeFileSync(lockFile, `${stale}\n`);

    const handle = await openDatabase({ dataDir: pgliteDir });
    try {
      expect(readFileSync(lockFile, "utf8").trim()).toBe(String(process.pid));
      expect(await handle.db.select().from(patients)).toEqual([]);
    } finally {
      await handle.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  });

  it("refuses a second open in one process", async () => {
    const handle = await openDatabase({ dataDir: pgliteDir });
    try {
      const second = openDatabase({ dataDir: pgliteDir });

      await expect(second).rejects.toBeInstanceOf(DatabaseLockedError);
      await expect(second).rejects.toThrow("this process already has it open");
    } finally {
      await handle.close();
    }
  });

  it("rejects a lock file without a pid", async () => {
    writeFileSync(lockFile, "not a pid\n");

    const opening = openDatabase({ dataDir: pgliteDir });

    await expect(opening).rejects.toBeInstanceOf(DatabaseOpenError);
    await expect(opening).rejects.toThrow(
      `The lock file ${lockFile} does not contain a process id`,
    );
  });
});

describe("PostgreSQL without a folder lock", () => {
  for (const driver of testDrivers.filter((name) => name === "postgres")) {
    it(`lets a command run beside an open ${driver} handle`, async () => {
      const handle = await openTestDatabase(driver);
      try {
        const result = await runCli(["report", "--month", "2026-03"], {
          DATABASE_URL: handle.url ?? "",
        });

        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
      } finally {
        await handle.close();
      }
    }, 60_000);
  }
});

/**
 * Checks the message corpus: pipes `public.jsonl` through `ccm parse --jsonl` at the corpus's
 * reference time and compares each line with its `expect` fields. Prints every failure and a
 * score line; exits with status 1 when any case fails.
 *
 * Usage: npm run corpus [-- --corpus DIR]   (DIR defaults to ../shared/corpus)
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { runParseCommand } from "../src/commands/parse.ts";

/** The reference time and zone the corpus expectations were written for. */
const corpusNow = "2026-03-10T15:00:00";
const corpusTimeZone = "America/New_York";

interface CorpusCase {
  id: string;
  text: string;
  expect: Record<string, unknown>;
}

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { corpus: { type: "string" } } });
  const corpusDir = resolve(projectRoot, values.corpus ?? "../shared/corpus");
  const corpusFile = resolve(corpusDir, "public.jsonl");
  if (!existsSync(corpusFile)) {
    process.stderr.write(
      `corpus: ${corpusFile} not found; pass --corpus DIR with public.jsonl and roster.json\n`,
    );
    return 2;
  }
  const input = readFileSync(corpusFile, "utf8");
  const cases = input
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as CorpusCase);

  const outputLines = await runParse(input, resolve(corpusDir, "roster.json"));
  let passed = 0;
  cases.forEach((corpusCase, position) => {
    const got = parseOutputLine(outputLines[position]);
    if (matchesExpectation(corpusCase.expect, got)) {
      passed += 1;
      return;
    }
    console.log(`FAIL ${corpusCase.id}: ${JSON.stringify(corpusCase.text)}`);
    console.log(`  expected ${JSON.stringify(corpusCase.expect)}`);
    console.log(`  got      ${JSON.stringify(got)}`);
  });
  console.log(`corpus: ${passed}/${cases.length} passed`);
  return passed === cases.length ? 0 : 1;
}

/**
 * Runs `ccm parse` through src/cli.ts when that file has the parse command, so the corpus
 * checks the real command line; otherwise calls the command function directly.
 */
async function runParse(input: string, rosterPath: string): Promise<string[]> {
  const args = ["--jsonl", "--roster", rosterPath, "--now", corpusNow, "--tz", corpusTimeZone];
  const cliPath = resolve(projectRoot, "src/cli.ts");
  if (existsSync(cliPath) && /["'`]parse\b/.test(readFileSync(cliPath, "utf8"))) {
    return splitLines(await spawnCli(["tsx", "src/cli.ts", "parse", ...args], input));
  }
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  await runParseCommand(
    { roster: rosterPath, now: corpusNow, tz: corpusTimeZone, jsonl: true },
    Readable.from([input]),
    output,
  );
  return splitLines(chunks.join(""));
}

function spawnCli(args: string[], input: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("npx", args, { cwd: projectRoot, stdio: ["pipe", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`ccm parse exited with status ${code}`));
    });
    child.stdin.end(input);
  });
}

function splitLines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

function parseOutputLine(line: string | undefined): Record<string, unknown> {
  if (line === undefined) return { missing: "no output line" };
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { invalid: line };
  }
}

/** Compares only the expected keys; for `error`, only the error keys that are given. */
function matchesExpectation(
  expect: Record<string, unknown>,
  got: Record<string, unknown>,
): boolean {
  return Object.entries(expect).every(([key, expected]) => {
    if (key !== "error") return isDeepStrictEqual(got[key], expected);
    const error = got.error;
    if (typeof error !== "object" || error === null || typeof expected !== "object") return false;
    const actual = error as Record<string, unknown>;
    return Object.entries(expected as Record<string, unknown>).every(([errorKey, value]) =>
      isDeepStrictEqual(actual[errorKey], value),
    );
  });
}

process.exitCode = await main();

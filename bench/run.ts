/**
 * Runs every benchmark and writes the report.
 *
 * Usage: npm run bench [-- --smoke] [-- --only parse,write,slack,digest,memory] [-- --output FILE]
 *
 * The full run writes BENCHMARKS.md and the query plans in bench/plans/. `--smoke` (or
 * BENCH_SMOKE=1) runs small sizes for CI and writes its report to a temporary file, so it never
 * replaces the committed results. PostgreSQL parts use BENCH_DATABASE_URL (default: the local test
 * server); each creates a database of its own there and drops it afterwards.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { defaultBenchDatabaseUrl, describePglite, probePostgres } from "./bench-database.ts";
import { runDigestBenchmark } from "./digest-queries.ts";
import { describeCommand, describeMachine, type MachineInfo } from "./machine.ts";
import { runMemoryBenchmark } from "./memory-use.ts";
import { runParseBenchmark } from "./parse-rate.ts";
import { renderReport, type SectionOutcome } from "./report.ts";
import type { BenchmarkOptions, BenchmarkSection } from "./section.ts";
import { runSlackBenchmark } from "./slack-path.ts";
import { runWriteBenchmark } from "./write-path.ts";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const benchmarks: Record<string, (options: BenchmarkOptions) => Promise<BenchmarkSection>> = {
  parse: runParseBenchmark,
  write: runWriteBenchmark,
  slack: runSlackBenchmark,
  digest: runDigestBenchmark,
  memory: runMemoryBenchmark,
};

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: "boolean", default: false },
      only: { type: "string" },
      output: { type: "string" },
    },
  });
  const smoke = values.smoke || process.env.BENCH_SMOKE === "1";
  const names = selectBenchmarks(values.only);
  const runStart = performance.now();
  const log = (line: string) => {
    const seconds = ((performance.now() - runStart) / 1000).toFixed(1);
    process.stderr.write(`bench [${seconds} s]: ${line}\n`);
  };

  const machine = await describeEverything(argv, smoke);
  const postgresUrl = machine.postgres.startsWith("skipped") ? undefined : benchDatabaseUrl();
  const plansDir = smoke ? undefined : join(projectRoot, "bench", "plans");
  if (plansDir) mkdirSync(plansDir, { recursive: true });
  log(`${smoke ? "smoke" : "full"} run of ${names.join(", ")}; PostgreSQL: ${machine.postgres}`);

  const outcomes: SectionOutcome[] = [];
  let failures = 0;
  for (const name of names) {
    const run = benchmarks[name] as (typeof benchmarks)[string];
    const start = performance.now();
    try {
      const section = await run({ smoke, postgresUrl, plansDir, log });
      outcomes.push({ section, elapsedMs: performance.now() - start });
    } catch (error) {
      failures += 1;
      log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      outcomes.push({ section: failedSection(name, error), elapsedMs: performance.now() - start });
    }
  }
  machine.loadAtEnd = os.loadavg();
  machine.pglite = describePglite();

  const report = renderReport(machine, outcomes, smoke);
  const output = chooseOutput(values.output, smoke, failures);
  writeFileSync(output, report);
  log(`report written to ${output}`);
  if (failures > 0) log(`${failures} benchmark(s) failed; BENCHMARKS.md was left unchanged`);
  return failures > 0 ? 1 : 0;
}

function selectBenchmarks(only: string | undefined): string[] {
  if (only === undefined) return Object.keys(benchmarks);
  const names = only.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark ${unknown.join(", ")} in --only; choose from ${Object.keys(benchmarks).join(", ")}`,
    );
  }
  return names;
}

function benchDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL || defaultBenchDatabaseUrl;
}

async function describeEverything(argv: string[], smoke: boolean): Promise<MachineInfo> {
  const smokeByEnvironment = smoke && !argv.includes("--smoke") ? "BENCH_SMOKE=1 " : "";
  const base = describeMachine(`${smokeByEnvironment}${describeCommand(argv)}`);
  const url = benchDatabaseUrl();
  const probe = await probePostgres(url);
  // PGlite's embedded server version is read when a benchmark first opens it.
  const pglite = describePglite();
  if (!probe.ok) {
    const address = new URL(url);
    return {
      ...base,
      pglite,
      postgres: `skipped: no server at ${address.hostname}:${address.port} (${probe.reason}); set BENCH_DATABASE_URL`,
    };
  }
  return { ...base, pglite, postgres: probe.version, postgresSettings: probe.settings };
}

/** Full runs replace BENCHMARKS.md unless a benchmark failed; smoke runs go to a temp file. */
function chooseOutput(explicit: string | undefined, smoke: boolean, failures: number): string {
  if (explicit) return resolve(explicit);
  if (smoke || failures > 0) {
    return join(os.tmpdir(), `ccm-benchmarks-${smoke ? "smoke" : "failed"}-${process.pid}.md`);
  }
  return join(projectRoot, "BENCHMARKS.md");
}

function failedSection(name: string, error: unknown): BenchmarkSection {
  return {
    title: name,
    method: [],
    tables: [],
    targets: [],
    notes: [`This benchmark failed: ${(error as Error).message}`],
  };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

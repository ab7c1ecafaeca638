import { formatLoad, type MachineInfo } from "./machine.ts";
import { type BenchmarkSection, formatMiB, type Table, type TargetResult } from "./section.ts";

/** A benchmark's section with how long it took, or the error that stopped it. */
export interface SectionOutcome {
  section: BenchmarkSection;
  elapsedMs: number;
}

/** Renders the whole run as Markdown: machine, targets at a glance, each benchmark, closing note. */
export function renderReport(
  machine: MachineInfo,
  outcomes: readonly SectionOutcome[],
  smoke: boolean,
): string {
  const lines: string[] = [
    "# Benchmarks",
    "",
    "Written by `npm run bench`, which runs every benchmark on the machine at hand and replaces " +
      "this file; `npm run bench -- --smoke` runs small sizes in seconds and writes its report " +
      "to a temporary file instead. Absolute times move from run to run and from machine to " +
      "machine, so each result is given as a ratio against a reference measured in the same " +
      "run, with the absolute numbers beside it.",
    "",
  ];
  if (smoke) {
    lines.push(
      "**Smoke run:** sizes are far below the targets' sizes, so the verdicts below do not " +
        "apply to the targets.",
      "",
    );
  }
  lines.push(...renderMachine(machine), ...renderTargets(outcomes));
  outcomes.forEach((outcome, position) => {
    lines.push(...renderSection(outcome, position + 1));
  });
  lines.push(...renderClosingNote(outcomes));
  return `${lines.join("\n").trimEnd()}\n`;
}

function renderMachine(machine: MachineInfo): string[] {
  const rows: [string, string][] = [
    ["CPU", `${machine.cpuModel}, ${machine.cpuCount} logical CPUs (os.cpus())`],
    ["Memory", formatMiB(machine.memoryBytes)],
    ["System", machine.system],
    ["Node.js", machine.node],
    ["npm", machine.npm],
    ["PostgreSQL", machine.postgres],
    ["PGlite", machine.pglite],
    ["Started", machine.startedAt.toISOString()],
    ["Command", `\`${machine.command}\``],
    ["Load average at start (1, 5, 15 min)", formatLoad(machine.loadAtStart)],
    ["Load average at end (1, 5, 15 min)", formatLoad(machine.loadAtEnd ?? [])],
  ];
  if (machine.postgresSettings)
    rows.splice(6, 0, ["PostgreSQL settings", machine.postgresSettings]);
  return ["## Machine", "", ...renderTable({ columns: ["", ""], rows }), "", loadNote(machine), ""];
}

/**
 * Describes the load the run started under. The benchmark's own processes keep up to two CPUs
 * busy, so only the 1-minute load at the start shows whether other work was running.
 */
function loadNote(machine: MachineInfo): string {
  const startLoad = machine.loadAtStart[0] ?? 0;
  const ratios =
    "Results are read as ratios because each reference ran under the same load, interleaved " +
    "or right beside what it is compared with.";
  if (startLoad >= machine.cpuCount / 2) {
    return `The machine was shared: other work ran when the benchmark started (1-minute load ${startLoad.toFixed(2)} against ${machine.cpuCount} CPUs). ${ratios}`;
  }
  return `The machine was otherwise idle when the benchmark started (1-minute load ${startLoad.toFixed(2)} against ${machine.cpuCount} CPUs); the load at the end is mostly the benchmark's own processes. ${ratios}`;
}

function renderTargets(outcomes: readonly SectionOutcome[]): string[] {
  const rows = outcomes.flatMap(({ section }) =>
    section.targets.map((target) => [
      section.title,
      target.target,
      target.measured,
      verdictOf(target),
    ]),
  );
  return [
    "## Targets",
    "",
    ...renderTable({ columns: ["benchmark", "target", "measured", "verdict"], rows }),
    "",
  ];
}

function verdictOf(target: TargetResult): string {
  if (target.met === undefined) return "not measured";
  return target.met ? "met" : "**missed**";
}

function renderSection(outcome: SectionOutcome, number: number): string[] {
  const { section } = outcome;
  const lines = [`## ${number}. ${section.title}`, ""];
  for (const paragraph of section.method) lines.push(paragraph, "");
  for (const table of section.tables) {
    if (table.caption) lines.push(`${table.caption}:`, "");
    lines.push(...renderTable(table), "");
  }
  for (const target of section.targets) {
    const explanation = target.explanation ? ` ${target.explanation}` : "";
    const result =
      target.met === undefined
        ? `not measured (${target.measured}).`
        : `measured ${target.measured}: ${verdictOf(target)}.`;
    lines.push(`- Target: ${target.target}: ${result}${explanation}`);
  }
  if (section.targets.length > 0) lines.push("");
  if (section.fix && section.targets.some((target) => target.met === false)) {
    lines.push(`What would fix it: ${section.fix}`, "");
  }
  for (const note of section.notes) lines.push(note, "");
  lines.push(`(This benchmark took ${(outcome.elapsedMs / 1000).toFixed(0)} s.)`, "");
  return lines;
}

/** Lists, per benchmark, the targets not met and the change that would meet them. */
function renderClosingNote(outcomes: readonly SectionOutcome[]): string[] {
  const open = outcomes.flatMap(({ section }) => {
    const missed = section.targets.filter((target) => target.met === false);
    const unmeasured = section.targets.filter((target) => target.met === undefined);
    const lines: string[] = [];
    if (missed.length > 0) {
      const count = `${missed.length} of ${section.targets.length} targets missed`;
      lines.push(`- ${section.title}, ${count}. ${section.fix ?? ""}`.trimEnd());
    }
    for (const target of unmeasured) {
      lines.push(`- ${section.title}, ${target.target}: not measured. ${target.explanation ?? ""}`);
    }
    return lines;
  });
  return [
    "## Closing note",
    "",
    ...(open.length === 0
      ? ["Every target was met in this run."]
      : ["Targets missed or not measured in this run, and what would fix them:", "", ...open]),
    "",
  ];
}

function renderTable(table: Table): string[] {
  const escapeCell = (cell: string) => cell.replace(/\|/g, "\\|");
  return [
    `| ${table.columns.map(escapeCell).join(" | ")} |`,
    `| ${table.columns.map(() => "---").join(" | ")} |`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
  ];
}

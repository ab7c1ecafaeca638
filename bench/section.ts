/** A table of already formatted cells. */
export interface Table {
  caption?: string;
  columns: string[];
  rows: string[][];
}

/** A target from the benchmark brief, judged against this run's numbers. */
export interface TargetResult {
  target: string;
  /** Undefined when the run could not measure it, such as PostgreSQL parts without a server. */
  met: boolean | undefined;
  /** The measured value the verdict rests on. */
  measured: string;
  /** Reason it was missed or not measured; empty when met. */
  explanation?: string;
}

/** Report of one benchmark: its method, tables, targets and remarks. */
export interface BenchmarkSection {
  title: string;
  method: string[];
  tables: Table[];
  targets: TargetResult[];
  /** The change that would meet the missed targets, written once for all of them. */
  fix?: string;
  notes: string[];
}

/** Options every benchmark receives from the runner. */
export interface BenchmarkOptions {
  /** Small sizes that finish in seconds, for CI to keep the script working. */
  smoke: boolean;
  /** Server URL for PostgreSQL parts, or undefined when no server was reachable. */
  postgresUrl: string | undefined;
  /** Folder for EXPLAIN plans, or undefined to keep them out of the repository (smoke runs). */
  plansDir: string | undefined;
  /** Progress lines for the terminal; never part of the report. */
  log: (line: string) => void;
}

/** Formats a number with thousands separators and `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Formats milliseconds with a precision that suits their size. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (value < 1) return `${value.toFixed(3)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${formatNumber(value)} ms`;
}

/** Formats a ratio such as 0.48×. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  return `${value.toFixed(value < 10 ? 2 : 1)}×`;
}

/** Formats bytes as MiB. */
export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

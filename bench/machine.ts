import { execFileSync } from "node:child_process";
import os from "node:os";

/** The machine and software a run measured, for the report's header. */
export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  memoryBytes: number;
  system: string;
  node: string;
  npm: string;
  /** Version of the PostgreSQL server (`select version()`), or the reason its parts were skipped. */
  postgres: string;
  /** Server settings that change write and query speed, such as fsync. */
  postgresSettings?: string;
  pglite: string;
  startedAt: Date;
  command: string;
  /** 1, 5 and 15 minute load averages when the run started and when it ended. */
  loadAtStart: number[];
  loadAtEnd?: number[];
}

/** Reads the CPU, memory, system and tool versions of this machine. */
export function describeMachine(command: string): Omit<MachineInfo, "postgres" | "pglite"> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    memoryBytes: os.totalmem(),
    system: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    npm: readNpmVersion(),
    startedAt: new Date(),
    command,
    loadAtStart: os.loadavg(),
  };
}

/** The npm version from the user agent that `npm run` sets, else from `npm --version`. */
function readNpmVersion(): string {
  const agent = process.env.npm_config_user_agent?.match(/npm\/(\S+)/)?.[1];
  if (agent) return agent;
  try {
    return execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown (npm --version failed)";
  }
}

/** Reconstructs the command that started the run, as a reader would type it again. */
export function describeCommand(argv: readonly string[]): string {
  const args = argv.join(" ");
  if (process.env.npm_lifecycle_event === "bench") {
    return args === "" ? "npm run bench" : `npm run bench -- ${args}`;
  }
  return `npx tsx bench/run.ts${args === "" ? "" : ` ${args}`}`;
}

export function formatLoad(load: readonly number[]): string {
  return load.map((value) => value.toFixed(2)).join(", ");
}

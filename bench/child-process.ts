import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Mode and settings of a benchmark child process, chosen by the parent. */
export type ChildOptions =
  | {
      /** The real bot with Slack over HTTP, as `ccm start` runs it. */
      mode: "bot";
      /** The benchmark's PostgreSQL database; absent means PGlite in memory. */
      databaseUrl?: string;
      /** Size of the synthetic roster the child enrolls before starting. */
      rosterSize: number;
      slackApiUrl: string;
      signingSecret: string;
      /** Slack user ids that become admin providers on their first message. */
      admins: string[];
      /** Folder for a V8 CPU profile of the whole child (`--cpu-prof`), when one is wanted. */
      cpuProfileDir?: string;
    }
  | {
      /** A bare express app that only checks the signature, acknowledges and posts a reply. */
      mode: "reference";
      slackApiUrl: string;
      signingSecret: string;
    }
  | {
      /** The timing fake of the Slack Web API, apart from the load generator's event loop. */
      mode: "slack-api";
    }
  | {
      /** Node with the TypeScript loader and nothing else, for the memory baseline. */
      mode: "idle";
    };

/** Memory of the child process, from process.memoryUsage() after a forced garbage collection. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** Messages a child sends to its parent over the IPC channel. */
export type ChildMessage =
  | { type: "ready"; port?: number; memory: MemorySample }
  | { type: "progress"; handled: number }
  /** Thread replies the fake Slack received since the last report: `ts` and epoch milliseconds. */
  | { type: "replies"; entries: [string, number][] }
  | {
      type: "messages_done";
      handled: number;
      memory: MemorySample;
      /** Highest RSS read during the run, once a second and without a forced collection. */
      highestRss: number;
      elapsedMs: number;
    }
  | { type: "stopped"; errorLogs: number }
  /** CPU time (user and system) the child has used so far, read at `atMs` (epoch). */
  | { type: "cpu"; cpuMs: number; atMs: number }
  | { type: "failed"; error: string };

/** Messages a parent sends to a child. */
export type ParentMessage =
  | { type: "run_messages"; count: number; concurrency: number; rosterSize: number }
  | { type: "stop" };

const childEntry = fileURLToPath(new URL("./child-main.ts", import.meta.url));

/** A running benchmark child and the messages it has sent. */
export class BenchChild {
  private readonly received: ChildMessage[] = [];
  private readonly waiters: (() => void)[] = [];
  private exited = false;

  private constructor(private readonly process: ChildProcess) {
    process.on("message", (message) => {
      this.received.push(message as ChildMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    process.on("exit", () => {
      this.exited = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /**
   * Forks `child-main.ts` with this process's loader flags (tsx) and `--expose-gc`, so the child
   * can collect garbage before it samples memory, and `--cpu-prof` when a profile is wanted.
   */
  static start(options: ChildOptions): BenchChild {
    const profiling =
      options.mode === "bot" && options.cpuProfileDir
        ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`]
        : [];
    const child = fork(childEntry, [], {
      execArgv: [...process.execArgv, "--expose-gc", ...profiling],
      env: { ...process.env, BENCH_CHILD_OPTIONS: JSON.stringify(options) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new BenchChild(child);
  }

  send(message: ParentMessage): void {
    this.process.send(message);
  }

  /** Waits for the first message of `type` not yet taken; fails if the child fails or exits. */
  async next<Type extends ChildMessage["type"]>(
    type: Type,
    timeoutMs = 120_000,
  ): Promise<Extract<ChildMessage, { type: Type }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const position = this.received.findIndex(
        (message) => message.type === type || message.type === "failed",
      );
      if (position >= 0) {
        const [message] = this.received.splice(position, 1);
        if (message?.type === "failed") throw new Error(`Benchmark child failed: ${message.error}`);
        return message as Extract<ChildMessage, { type: Type }>;
      }
      if (this.exited) throw new Error(`Benchmark child exited before sending "${type}"`);
      if (Date.now() > deadline) throw new Error(`Timed out waiting for "${type}" from the child`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 1_000);
      });
    }
  }

  /** Removes and returns every message of `type` received so far, without waiting. */
  take<Type extends ChildMessage["type"]>(type: Type): Extract<ChildMessage, { type: Type }>[] {
    const taken: Extract<ChildMessage, { type: Type }>[] = [];
    for (let position = this.received.length - 1; position >= 0; position -= 1) {
      const message = this.received[position] as ChildMessage;
      if (message.type !== type) continue;
      this.received.splice(position, 1);
      taken.unshift(message as Extract<ChildMessage, { type: Type }>);
    }
    return taken;
  }

  /**
   * Asks the child to stop and waits for its report and its exit. A bot that fell behind finishes
   * the events it has accepted before it stops, which takes minutes on a loaded machine.
   */
  async stop(): Promise<{ errorLogs: number }> {
    this.send({ type: "stop" });
    const stopped = await this.next("stopped", 600_000);
    await this.waitForExit();
    return { errorLogs: stopped.errorLogs };
  }

  /** Ends the child at once; for clean-up after a failure. */
  kill(): void {
    if (!this.exited) this.process.kill("SIGKILL");
  }

  private async waitForExit(): Promise<void> {
    while (!this.exited) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 1_000);
      });
    }
  }
}

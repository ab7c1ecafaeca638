import { performance } from "node:perf_hooks";
import type { ChildMessage, MemorySample, ParentMessage } from "./child-process.ts";

/** Sends a message to the parent over the IPC channel. */
export function report(message: ChildMessage): void {
  process.send?.(message);
}

/** Samples memory after a forced garbage collection (the child runs with --expose-gc). */
export function sampleMemory(): MemorySample {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed };
}

const cpuReportIntervalMs = 250;

/**
 * Reports this process's CPU time used so far (user and system) four times a second, with the epoch
 * time of each reading, so the parent can work out the CPU share of any stretch of a run.
 * Returns a function that stops the reports.
 */
export function startCpuReports(): () => void {
  const timer = setInterval(() => {
    const used = process.cpuUsage();
    report({
      type: "cpu",
      cpuMs: (used.user + used.system) / 1000,
      atMs: performance.timeOrigin + performance.now(),
    });
  }, cpuReportIntervalMs);
  return () => clearInterval(timer);
}

/** Gives start-up work a moment to finish before memory is sampled. */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

/** Handles parent messages one at a time until "stop" arrives. */
export async function serveParent(
  handle: (message: ParentMessage) => Promise<void>,
): Promise<void> {
  let queue = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    process.on("message", (message: ParentMessage) => {
      queue = queue.then(async () => {
        if (message.type === "stop") resolve();
        else await handle(message).catch(reject);
      });
    });
  });
}

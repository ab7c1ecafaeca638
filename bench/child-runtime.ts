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

/**
 * Starts measuring this process's CPU time. The returned function gives the CPU time (user and
 * system) used since then as a share of the wall time, where 1 is one core busy all the time.
 */
export function startCpuClock(): () => number {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  return () => {
    const used = process.cpuUsage(cpuStart);
    return (used.user + used.system) / 1000 / (performance.now() - wallStart);
  };
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

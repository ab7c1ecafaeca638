import { performance } from "node:perf_hooks";

/** Returns the median of `values`, or NaN for an empty list. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * Returns percentile `p` (0-100) of `values` by linear interpolation between the closest ranks,
 * as spreadsheet PERCENTILE.INC computes it, or NaN for an empty list.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lowerValue = sorted[lower] ?? Number.NaN;
  const upperValue = sorted[upper] ?? Number.NaN;
  return lowerValue + (upperValue - lowerValue) * (position - lower);
}

/** Converts `operations` done in `elapsedMs` to operations per second. */
export function ratePerSecond(operations: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (operations * 1000) / elapsedMs : 0;
}

/**
 * Calls `step` in a loop for at least `minimumMs` and returns how many calls per second it made.
 * `step` receives the call number, so a caller can walk a list of inputs.
 */
export function measureSyncRate(step: (call: number) => void, minimumMs: number): number {
  const start = performance.now();
  let calls = 0;
  let elapsed = 0;
  // The clock is read once per 16 calls, so reading it costs little next to a parse.
  while (elapsed < minimumMs) {
    for (let batch = 0; batch < 16; batch += 1) {
      step(calls);
      calls += 1;
    }
    elapsed = performance.now() - start;
  }
  return ratePerSecond(calls, elapsed);
}

/**
 * Runs `concurrency` workers that each call `operation` again as soon as the previous call
 * settles (a closed loop), for `durationMs`. Returns completed calls per second; calls still
 * running at the end are awaited but not counted. A failed call stops the run with its error.
 */
export async function measureClosedLoop(
  operation: (call: number) => Promise<unknown>,
  options: { concurrency: number; durationMs: number },
): Promise<number> {
  const start = performance.now();
  const deadline = start + options.durationMs;
  let started = 0;
  let completed = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const call = started;
      started += 1;
      await operation(call);
      if (performance.now() <= deadline) completed += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return ratePerSecond(completed, options.durationMs);
}

/** Runs `action` and returns its result with the wall time it took in milliseconds. */
export async function timed<T>(action: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await action();
  return { result, ms: performance.now() - start };
}

/** Calls `action` `warmups` times unmeasured, then `runs` times, and returns each run's time. */
export async function sampleDurations(
  action: () => Promise<unknown>,
  options: { warmups: number; runs: number },
): Promise<number[]> {
  for (let run = 0; run < options.warmups; run += 1) await action();
  const durations: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    durations.push((await timed(action)).ms);
  }
  return durations;
}

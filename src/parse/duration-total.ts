import type { DurationScan } from "./duration.ts";

/** Maximum service time in minutes that one message may log (24 hours). */
export const maxLoggedMinutes = 24 * 60;

export type DurationErrorCode =
  | "missing_duration"
  | "ambiguous_duration"
  | "conflicting_durations"
  | "duration_out_of_range"
  | "negative_duration";

export type DurationOutcome =
  | { ok: true; minutes: number }
  | { ok: false; code: DurationErrorCode; minutes?: number; parts?: number; total?: number };

/**
 * Sums the durations of a message into whole minutes. Fractions of a minute are dropped
 * (1.99 minutes is 1), because billing counts only full minutes. A stated total must equal
 * the sum of the other durations when both are given. The result must lie in 1..1440.
 */
export function totalDuration(scan: DurationScan): DurationOutcome {
  if (scan.ranges.length > 0) return { ok: false, code: "ambiguous_duration" };
  if (scan.negated.length > 0) return { ok: false, code: "negative_duration" };
  if (scan.mentions.length === 0) return { ok: false, code: "missing_duration" };

  const parts = scan.mentions.filter((mention) => !mention.isTotal);
  const totals = scan.mentions.filter((mention) => mention.isTotal);
  const partMinutes = wholeMinutes(parts.reduce((sum, part) => sum + part.thousandths, 0));
  const totalMinutes = totals.map((total) => wholeMinutes(total.thousandths));
  const [statedTotal] = totalMinutes;

  let minutes = partMinutes;
  if (statedTotal !== undefined) {
    const totalsAgree = totalMinutes.every((total) => total === statedTotal);
    if (!totalsAgree || (parts.length > 0 && partMinutes !== statedTotal)) {
      return { ok: false, code: "conflicting_durations", parts: partMinutes, total: statedTotal };
    }
    minutes = statedTotal;
  }
  if (!(minutes >= 1 && minutes <= maxLoggedMinutes)) {
    return { ok: false, code: "duration_out_of_range", minutes };
  }
  return { ok: true, minutes };
}

function wholeMinutes(thousandths: number): number {
  return Math.floor(thousandths / 1000);
}

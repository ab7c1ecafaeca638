import { evaluateStaffMinutes, type StaffMinutesShape } from "./staff-minutes.ts";

/** Month totals from `from` to `to`, both included. */
export interface MinuteRange {
  from: number;
  to: number;
}

/**
 * Highest milestone listed. Complex CCM's 99489 has no unit limit, so its milestones (90, 120, …)
 * never end.
 * NOTE: 8 hours of staff time for one patient in one month is a guessed upper bound, so a
 * patient-month beyond it never shows as near its next 99489 unit.
 */
const maxMilestoneMinutes = 8 * 60;

/**
 * Lists the month totals whose next code is at most `windowMinutes` away, as ranges a query can
 * filter on. With the 2026 rules and a 10-minute window that is 10-19 (99490), 30-39 and 50-59
 * (99439). A total of 0 is never near, because patients without minutes have a list of their own.
 * `month` (`YYYY-MM`) picks the rules in force and `shape` the program, as in
 * `evaluateStaffMinutes`.
 */
export function totalsNearThreshold(
  month: string,
  windowMinutes: number,
  shape: StaffMinutesShape = {},
): MinuteRange[] {
  if (!Number.isInteger(windowMinutes) || windowMinutes < 1) {
    throw new RangeError(`Invalid window ${windowMinutes}: expected a whole number of minutes ≥ 1`);
  }
  const ranges: MinuteRange[] = [];
  let previousMilestone = 0;
  let next = evaluateStaffMinutes(month, 0, shape).next;

  while (next && next.atMinutes <= maxMilestoneMinutes) {
    // Every total from the previous milestone up to one below this one has this milestone next.
    const from = Math.max(1, previousMilestone, next.atMinutes - windowMinutes);
    ranges.push({ from, to: next.atMinutes - 1 });
    previousMilestone = next.atMinutes;
    next = evaluateStaffMinutes(month, next.atMinutes, shape).next;
  }
  return ranges;
}

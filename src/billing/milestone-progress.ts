import { rulesForLane } from "./code-rules.ts";
import type { MonthEvaluation } from "./earned-claims.ts";

/** How far a patient-month is through the minutes its next code needs. */
export interface MilestoneProgress {
  /** Minutes logged since the previous milestone (0, or the minutes that earned the last unit). */
  minutesDone: number;
  /** Minutes between the previous milestone and the next one, such as 20 for 99490. */
  minutesNeeded: number;
}

/**
 * Returns the progress toward the next code of `evaluation`, or undefined when every code of the
 * month is earned. `month` (`YYYY-MM`) picks the rules in force, as in `evaluateMonth`.
 */
export function progressToNext(
  month: string,
  evaluation: MonthEvaluation,
): MilestoneProgress | undefined {
  const next = evaluation.next;
  if (!next) return undefined;
  const rule = rulesForLane(evaluation.lane, Number(month.slice(0, 4))).find(
    (candidate) => candidate.code === next.code,
  );
  const minutesNeeded = rule?.thresholdMinutes ?? next.atMinutes;
  return { minutesDone: minutesNeeded - next.minutesMissing, minutesNeeded };
}

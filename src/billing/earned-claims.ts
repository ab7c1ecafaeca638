import { type CodeRule, type Lane, rulesForLane } from "./code-rules.ts";

export interface EarnedClaim {
  code: string;
  units: number;
}

/** The next code a patient-month can earn and how many more full minutes it needs. */
export interface NextMilestone {
  code: string;
  minutesMissing: number;
  atMinutes: number;
}

export interface MonthEvaluation {
  lane: Lane;
  totalMinutes: number;
  earned: EarnedClaim[];
  next?: NextMilestone;
}

/**
 * Works out which codes a patient-month's total earns. `month` is `YYYY-MM`; its year picks the
 * rules in force. Every logged minute counts in the clinical-staff lane, because a billing
 * practitioner's own time may count toward 99490.
 */
export function evaluateMonth(month: string, totalMinutes: number): MonthEvaluation {
  const lane: Lane = "staff";
  const rules = rulesForLane(lane, Number(month.slice(0, 4)));
  const earned: EarnedClaim[] = [];
  let next: NextMilestone | undefined;
  let minutesUsed = 0;

  for (const rule of rules) {
    const units = unitsEarned(rule, totalMinutes - minutesUsed);
    if (units > 0) earned.push({ code: rule.code, units });
    if (units < rule.maxUnits && next === undefined) {
      const atMinutes = minutesUsed + (units + 1) * rule.thresholdMinutes;
      next = { code: rule.code, atMinutes, minutesMissing: atMinutes - totalMinutes };
    }
    if (units === 0) break;
    minutesUsed += units * rule.thresholdMinutes;
  }

  return { lane, totalMinutes, earned, next };
}

function unitsEarned(rule: CodeRule, minutesAvailable: number): number {
  if (minutesAvailable < rule.thresholdMinutes) return 0;
  return Math.min(rule.maxUnits, Math.floor(minutesAvailable / rule.thresholdMinutes));
}

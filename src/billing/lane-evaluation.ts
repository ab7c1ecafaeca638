import { type BillingSettings, unitCapFor } from "./billing-settings.ts";
import { type CodeRule, type Lane, rulesForLane } from "./code-rules.ts";

export interface EarnedCode {
  code: string;
  units: number;
}

/** The next code a lane can earn and how many more full minutes it needs. */
export interface NextMilestone {
  code: string;
  minutesMissing: number;
  /** The lane's minutes at which the code is earned. */
  atMinutes: number;
}

/** What one lane's minutes earn in one month. */
export interface LaneEvaluation {
  lane: Lane;
  /** Minutes the lane counts. */
  minutes: number;
  earned: EarnedCode[];
  next?: NextMilestone;
  /** Minutes that earned units (units times threshold); the basis for choosing a lane. */
  minutesBilled: number;
}

/**
 * Works out which codes `minutes` earn in one lane in `year`. Codes are earned in table order:
 * the base code first, then each add-on unit needs a further full threshold.
 */
export function evaluateLane(
  lane: Lane,
  year: number,
  minutes: number,
  settings: Pick<BillingSettings, "unitCaps">,
): LaneEvaluation {
  const earned: EarnedCode[] = [];
  let next: NextMilestone | undefined;
  let minutesUsed = 0;

  for (const rule of rulesForLane(lane, year)) {
    const cap = unitCapFor(rule.code, rule.maxUnits, settings);
    const units = unitsEarned(rule, cap, minutes - minutesUsed);
    if (units > 0) earned.push({ code: rule.code, units });
    if ((cap === null || units < cap) && next === undefined) {
      const atMinutes = minutesUsed + (units + 1) * rule.thresholdMinutes;
      next = { code: rule.code, atMinutes, minutesMissing: atMinutes - minutes };
    }
    if (units === 0) break;
    minutesUsed += units * rule.thresholdMinutes;
  }

  return { lane, minutes, earned, next, minutesBilled: minutesUsed };
}

function unitsEarned(rule: CodeRule, cap: number | null, minutesAvailable: number): number {
  if (minutesAvailable < rule.thresholdMinutes) return 0;
  const units = Math.floor(minutesAvailable / rule.thresholdMinutes);
  return cap === null ? units : Math.min(cap, units);
}

/**
 * The lane minutes at which `units` of `code` were complete: the base threshold, plus each add-on
 * unit's threshold. Undefined for a code the lane does not have in `year`.
 */
export function minutesForUnits(
  lane: Lane,
  year: number,
  code: string,
  units: number,
): number | undefined {
  let minutes = 0;
  for (const rule of rulesForLane(lane, year)) {
    if (rule.code === code) return minutes + units * rule.thresholdMinutes;
    minutes += (rule.kind === "base" ? 1 : 0) * rule.thresholdMinutes;
  }
  return undefined;
}

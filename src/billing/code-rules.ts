/**
 * CPT care-management codes as data, keyed by code and the years they apply. A base code needs
 * `thresholdMinutes` full minutes in one calendar month; an add-on earns one unit for each further
 * full `thresholdMinutes` beyond everything before it. Minutes are never rounded up, because the
 * CPT midpoint rule does not apply to these codes.
 */
export type Lane = "staff";

export interface CodeRule {
  code: string;
  lane: Lane;
  kind: "base" | "add-on";
  thresholdMinutes: number;
  maxUnits: number;
  description: string;
  firstYear: number;
  lastYear?: number;
}

export const codeRules: readonly CodeRule[] = [
  {
    code: "99490",
    lane: "staff",
    kind: "base",
    thresholdMinutes: 20,
    maxUnits: 1,
    description: "CCM, first 20 minutes of clinical staff time",
    firstYear: 2015,
  },
  {
    code: "99439",
    lane: "staff",
    kind: "add-on",
    thresholdMinutes: 20,
    maxUnits: 2,
    description: "CCM, each further 20 minutes of clinical staff time",
    firstYear: 2021,
  },
];

/** The rules of one lane in force in `year`, base code first. */
export function rulesForLane(lane: Lane, year: number): CodeRule[] {
  return codeRules.filter(
    (rule) =>
      rule.lane === lane &&
      rule.firstYear <= year &&
      (rule.lastYear === undefined || year <= rule.lastYear),
  );
}

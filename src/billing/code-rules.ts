/**
 * CPT care-management codes as data, keyed by code and the years they apply. A base code needs
 * `thresholdMinutes` full minutes in one calendar month; an add-on earns one unit for each further
 * full `thresholdMinutes` beyond everything before it. Minutes are never rounded up, because the
 * CPT midpoint rule does not apply to these codes.
 *
 * A lane is a family of codes that bills one kind of time. A patient-month is billed in one lane
 * per program, so the same minutes never count toward two services.
 */
export const lanes = ["staff", "practitioner", "complex", "pcm_staff", "pcm_practitioner"] as const;
export type Lane = (typeof lanes)[number];

/** Whose minutes a lane counts: everyone's counted time, or the billing practitioner's own. */
export type LaneTime = "all" | "practitioner";

export interface LaneRule {
  lane: Lane;
  program: "ccm" | "pcm";
  time: LaneTime;
  description: string;
}

/**
 * Staff lanes count the billing practitioner's own minutes too, because a practitioner's time
 * may count toward clinical staff codes; practitioner lanes count only the practitioner's own.
 */
export const laneRules: Record<Lane, LaneRule> = {
  staff: { lane: "staff", program: "ccm", time: "all", description: "CCM, clinical staff time" },
  practitioner: {
    lane: "practitioner",
    program: "ccm",
    time: "practitioner",
    description: "CCM, billing practitioner's own time",
  },
  complex: {
    lane: "complex",
    program: "ccm",
    time: "all",
    description: "complex CCM, clinical staff time",
  },
  pcm_staff: {
    lane: "pcm_staff",
    program: "pcm",
    time: "all",
    description: "PCM, clinical staff time",
  },
  pcm_practitioner: {
    lane: "pcm_practitioner",
    program: "pcm",
    time: "practitioner",
    description: "PCM, billing practitioner's own time",
  },
};

export interface CodeRule {
  code: string;
  lane: Lane;
  kind: "base" | "add-on";
  thresholdMinutes: number;
  /** Most units a month; null means no limit. A unit-cap setting may lower it. */
  maxUnits: number | null;
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
  {
    code: "99491",
    lane: "practitioner",
    kind: "base",
    thresholdMinutes: 30,
    maxUnits: 1,
    description: "CCM, first 30 minutes of the billing practitioner's own time",
    firstYear: 2019,
  },
  {
    // Sources disagree on how many units a month are payable; the setting defaults to 1.
    code: "99437",
    lane: "practitioner",
    kind: "add-on",
    thresholdMinutes: 30,
    maxUnits: null,
    description: "CCM, each further 30 minutes of the billing practitioner's own time",
    firstYear: 2022,
  },
  {
    code: "99487",
    lane: "complex",
    kind: "base",
    thresholdMinutes: 60,
    maxUnits: 1,
    description: "complex CCM, first 60 minutes of clinical staff time",
    firstYear: 2015,
  },
  {
    code: "99489",
    lane: "complex",
    kind: "add-on",
    thresholdMinutes: 30,
    maxUnits: null,
    description: "complex CCM, each further 30 minutes of clinical staff time",
    firstYear: 2015,
  },
  {
    code: "99426",
    lane: "pcm_staff",
    kind: "base",
    thresholdMinutes: 30,
    maxUnits: 1,
    description: "PCM, first 30 minutes of clinical staff time",
    firstYear: 2022,
  },
  {
    code: "99427",
    lane: "pcm_staff",
    kind: "add-on",
    thresholdMinutes: 30,
    maxUnits: null,
    description: "PCM, each further 30 minutes of clinical staff time",
    firstYear: 2022,
  },
  {
    code: "99424",
    lane: "pcm_practitioner",
    kind: "base",
    thresholdMinutes: 30,
    maxUnits: 1,
    description: "PCM, first 30 minutes of the billing practitioner's own time",
    firstYear: 2022,
  },
  {
    code: "99425",
    lane: "pcm_practitioner",
    kind: "add-on",
    thresholdMinutes: 30,
    maxUnits: null,
    description: "PCM, each further 30 minutes of the billing practitioner's own time",
    firstYear: 2022,
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

/** The rule of `code`, whichever year; undefined for a code the table does not know. */
export function ruleForCode(code: string): CodeRule | undefined {
  return codeRules.find((rule) => rule.code === code);
}

/** The lane a code bills in; undefined for a code the table does not know. */
export function laneOfCode(code: string): Lane | undefined {
  return ruleForCode(code)?.lane;
}

import type { BillingSettings } from "./billing-settings.ts";
import { type Lane, type LaneTime, laneOfCode, laneRules } from "./code-rules.ts";
import {
  type EarnedCode,
  evaluateLane,
  type LaneEvaluation,
  type NextMilestone,
} from "./lane-evaluation.ts";

export type { EarnedCode, LaneEvaluation, NextMilestone };

export type Program = "ccm" | "pcm";

/**
 * One active encounter as the billing rules read it. `role` is the logging provider's role when the time was
 * logged: `physician` is a billing practitioner's own time, and every other role (clinical staff,
 * and admins, whose clinical role the bot does not know) counts as clinical staff time, so the
 * bot never claims a practitioner's personal service that it cannot show.
 */
export interface BillableEncounter {
  id: number;
  providerId: number;
  role: string;
  minutes: number;
  serviceDate: string;
  /** The program of the enrollment that covered the service date. */
  program: Program;
}

/** Everything the rules need about one patient-month; the services read it from storage. */
export interface MonthFacts {
  /** `YYYY-MM` in the practice time zone; its year picks the rules and fees in force. */
  month: string;
  /** Active encounters in the order they were logged. */
  encounters: BillableEncounter[];
  /** The patient's current program, whose lanes apply while the month has no encounters. */
  enrolledProgram: Program;
  /** The patient-month is marked complex (moderate or high complexity, care plan revised). */
  complex: boolean;
  /** The billing practitioner of each program's first claim that names one. */
  claimPractitioners: Partial<Record<Program, number>>;
  /** Codes of claims already submitted or paid; their lane can no longer change. */
  lockedCodes: string[];
}

export interface EarnedClaim extends EarnedCode {
  lane: Lane;
  /** The month's billing practitioner for the claim's program, when one logged time. */
  practitionerId?: number;
}

export type NotBilledReason = "other_practitioner" | "other_program";

/** An encounter that stays on record but counts toward no claim, and why. */
export interface NotBilled {
  encounterId: number;
  reason: NotBilledReason;
  /** For `other_practitioner`: the practitioner who bills the month. */
  practitionerId?: number;
}

/** The lane billed for one program, with the encounters whose minutes it counts. */
export interface ProgramBilling extends LaneEvaluation {
  program: Program;
  practitionerId?: number;
  countedEncounterIds: number[];
  /**
   * The program's counted minutes by lane time: everyone's (`all`) and the billing practitioner's
   * own (`practitioner`), so the minutes of a lane not billed can be named too.
   */
  minutesByTime: Record<LaneTime, number>;
}

export interface MonthEvaluation {
  month: string;
  /** The lane billed, or the lane time would go to when nothing is earned yet. */
  lane: Lane;
  /** Minutes counted in that lane. */
  totalMinutes: number;
  earned: EarnedClaim[];
  next?: NextMilestone;
  /** One entry per program billed; two only when CCM and PCM are both allowed. */
  billed: ProgramBilling[];
  /** Each program with encounters, billed or not, so the minutes of one not billed can be named. */
  allPrograms: ProgramBilling[];
  notBilled: NotBilled[];
}

/**
 * Works out the claims a patient-month earns.
 *
 * Choosing a lane when both staff and practitioner minutes exist: the staff lane counts
 * everyone's minutes (a practitioner's time may count toward staff codes) and the practitioner
 * lane counts the billing practitioner's own minutes only. The lane whose earned units use more
 * of the logged minutes wins, because the same minutes can never count twice and the lane that
 * puts more of them to use bills for more of the care given. When both use the same minutes and
 * that is more than none, the practitioner lane wins, because its codes name exactly who did
 * the work. So 30 practitioner minutes alone bill 99491, but 30 practitioner minutes plus 10 staff
 * minutes bill 99490 and 99439, and a month with nothing earned yet waits in the staff lane.
 *
 * A month marked complex bills complex CCM once its 60 minutes are met; until then it falls back
 * to the lanes above, since complex and non-complex codes are never billed together. Once a claim
 * is submitted or paid, its lane stays.
 */
export function evaluateMonth(facts: MonthFacts, settings: BillingSettings): MonthEvaluation {
  const year = Number(facts.month.slice(0, 4));
  const programs = programsOf(facts.encounters);
  const results = programs.map((program) => evaluateProgram(facts, program, year, settings));
  const chosen = chooseBilledPrograms(results, settings);
  const notBilled = results.flatMap((result) => result.notBilled);
  for (const result of results) {
    if (chosen.includes(result)) continue;
    for (const id of result.billing.countedEncounterIds) {
      notBilled.push({ encounterId: id, reason: "other_program" });
    }
  }

  const primary = chosen[0]?.billing;
  const emptyLane: Lane = facts.enrolledProgram === "pcm" ? "pcm_staff" : "staff";
  // A complex CCM month without minutes waits for 99487, as it does until its 60 minutes are met.
  const emptyNextLane: Lane = emptyLane === "staff" && facts.complex ? "complex" : emptyLane;
  return {
    month: facts.month,
    lane: primary?.lane ?? emptyLane,
    totalMinutes: primary?.minutes ?? 0,
    earned: chosen.flatMap(({ billing }) =>
      billing.earned.map((claim) => ({
        ...claim,
        lane: billing.lane,
        practitionerId: billing.practitionerId,
      })),
    ),
    next: primary ? primary.next : evaluateLane(emptyNextLane, year, 0, settings).next,
    billed: chosen.map((result) => result.billing),
    allPrograms: results.map((result) => result.billing),
    notBilled,
  };
}

interface ProgramResult {
  billing: ProgramBilling;
  notBilled: NotBilled[];
}

function programsOf(encounters: BillableEncounter[]): Program[] {
  const programs = new Set(encounters.map((encounter) => encounter.program));
  return (["ccm", "pcm"] as const).filter((program) => programs.has(program));
}

/**
 * Evaluates one program's encounters. The billing practitioner is the first claim's, or else the
 * first physician who logged time. Other physicians' minutes are flagged instead of billed.
 */
function evaluateProgram(
  facts: MonthFacts,
  program: Program,
  year: number,
  settings: BillingSettings,
): ProgramResult {
  const encounters = facts.encounters.filter((encounter) => encounter.program === program);
  const practitionerId = billingPractitionerOf(encounters, facts.claimPractitioners[program]);
  const counted = encounters.filter(
    (encounter) => encounter.role !== "physician" || encounter.providerId === practitionerId,
  );
  const notBilled = encounters
    .filter((encounter) => !counted.includes(encounter))
    .map((encounter) => ({
      encounterId: encounter.id,
      reason: "other_practitioner" as const,
      practitionerId,
    }));

  const minutesByTime: Record<LaneTime, number> = {
    all: sumMinutes(counted),
    practitioner: sumMinutes(counted.filter((encounter) => encounter.role === "physician")),
  };
  const laneMinutes = (lane: Lane) => minutesByTime[laneRules[lane].time];
  const lane = chooseLane(program, year, facts, laneMinutes, settings);
  const evaluation = lane.evaluation;
  const countedEncounterIds = counted
    .filter((encounter) => laneRules[lane.lane].time === "all" || encounter.role === "physician")
    .map((encounter) => encounter.id);
  return {
    billing: {
      ...evaluation,
      next: lane.next,
      program,
      practitionerId,
      countedEncounterIds,
      minutesByTime,
    },
    notBilled,
  };
}

/** Returns the claim's practitioner while any of their own minutes remain, else the first physician. */
function billingPractitionerOf(
  encounters: BillableEncounter[],
  claimPractitionerId: number | undefined,
): number | undefined {
  const physicians = encounters.filter((encounter) => encounter.role === "physician");
  if (physicians.some((encounter) => encounter.providerId === claimPractitionerId)) {
    return claimPractitionerId;
  }
  return physicians[0]?.providerId;
}

function chooseLane(
  program: Program,
  year: number,
  facts: MonthFacts,
  laneMinutes: (lane: Lane) => number,
  settings: BillingSettings,
): { lane: Lane; evaluation: LaneEvaluation; next?: NextMilestone } {
  const evaluate = (lane: Lane) => evaluateLane(lane, year, laneMinutes(lane), settings);
  const locked = facts.lockedCodes
    .map(laneOfCode)
    .find((lane): lane is Lane => lane !== undefined && laneRules[lane].program === program);
  if (locked) {
    const evaluation = evaluate(locked);
    return { lane: locked, evaluation, next: evaluation.next };
  }

  const [staffLane, practitionerLane]: [Lane, Lane] =
    program === "pcm" ? ["pcm_staff", "pcm_practitioner"] : ["staff", "practitioner"];
  if (program === "ccm" && facts.complex) {
    const complex = evaluate("complex");
    if (complex.earned.length > 0)
      return { lane: "complex", evaluation: complex, next: complex.next };
    const fallback = pickByMinutesBilled(evaluate(staffLane), evaluate(practitionerLane));
    // Until complex CCM is earned, the next milestone worth naming is its 60 minutes.
    return { lane: fallback.lane, evaluation: fallback, next: complex.next };
  }
  const best = pickByMinutesBilled(evaluate(staffLane), evaluate(practitionerLane));
  return { lane: best.lane, evaluation: best, next: best.next };
}

function pickByMinutesBilled(staff: LaneEvaluation, practitioner: LaneEvaluation): LaneEvaluation {
  const billed = practitioner.minutesBilled;
  return billed > 0 && billed >= staff.minutesBilled ? practitioner : staff;
}

/**
 * With both CCM and PCM minutes in a month, one program is billed: the one using more minutes,
 * CCM on a tie. The setting allows both only when each has its own, different practitioner.
 */
function chooseBilledPrograms(
  results: ProgramResult[],
  settings: BillingSettings,
): ProgramResult[] {
  const [first, second] = results;
  if (!first || !second) return results;
  const a = first.billing.practitionerId;
  const b = second.billing.practitionerId;
  if (settings.allowCcmAndPcmAcrossPractitioners && a !== undefined && b !== undefined && a !== b) {
    return results;
  }
  return [second.billing.minutesBilled > first.billing.minutesBilled ? second : first];
}

function sumMinutes(encounters: BillableEncounter[]): number {
  return encounters.reduce((total, encounter) => total + encounter.minutes, 0);
}

import { defaultFeeSchedule, expectedCents, type FeeSchedule } from "./fee-schedule.ts";

/** Claims of one code in a month, with their units added up. */
export interface CodeUnits {
  code: string;
  units: number;
}

export interface RevenueEstimate {
  cents: number;
  /** Codes that had claims but no amount on file; their claims are left out of `cents`. */
  unpricedCodes: string[];
}

/** Adds up the expected payment for claims billed in `year`, from the practice's fee schedule. */
export function expectedRevenue(
  claims: readonly CodeUnits[],
  year: number,
  schedule: FeeSchedule = defaultFeeSchedule,
): RevenueEstimate {
  let cents = 0;
  const unpriced = new Set<string>();
  for (const claim of claims) {
    const amount = expectedCents(schedule, claim.code, year, claim.units);
    if (amount === undefined) unpriced.add(claim.code);
    else cents += amount;
  }
  return { cents, unpricedCodes: [...unpriced].sort() };
}

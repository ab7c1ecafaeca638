/**
 * Expected payment for a month's claims. Amounts are whole cents per unit of a code in one year.
 *
 * TODO: replace `nationalFeeEstimates` with the practice's own fee schedule (amount per code and
 * year) once the bot has one. Until then the digest calls its figure an estimate.
 */

/** Claims of one code in a month, with their units added up. */
export interface CodeUnits {
  code: string;
  units: number;
}

/** Returns the payment for one unit of `code` in `year`, in cents, or undefined when unknown. */
export type FeeLookup = (code: string, year: number) => number | undefined;

export interface RevenueEstimate {
  cents: number;
  /** Codes that had claims but no known amount; their claims are left out of `cents`. */
  unpricedCodes: string[];
}

/**
 * Medicare national non-facility amounts in cents, from second-hand fee schedule summaries. Some
 * are approximate: 99490 in 2025 and 2026 (2026: 1.98 RVU × $33.4009), 99439 and 99487 in 2026.
 */
const nationalAmounts: Record<string, Record<number, number>> = {
  "99490": { 2021: 4117, 2022: 6157, 2025: 6000, 2026: 6613 },
  "99439": { 2022: 4716, 2024: 4715, 2025: 4593, 2026: 4800 },
  "99491": { 2022: 8318 },
  "99487": { 2022: 13197, 2026: 14400 },
  "99489": { 2022: 7106, 2025: 7052, 2026: 7816 },
};

/** Looks a code up for `year`, or for the latest earlier year that has an amount. */
export const nationalFeeEstimates: FeeLookup = (code, year) => {
  const byYear = nationalAmounts[code];
  if (!byYear) return undefined;
  const known = Object.keys(byYear)
    .map(Number)
    .filter((candidate) => candidate <= year)
    .sort((a, b) => b - a);
  const latest = known[0];
  return latest === undefined ? undefined : byYear[latest];
};

/** Adds up the expected payment for claims billed in `year`. */
export function expectedRevenue(
  claims: readonly CodeUnits[],
  year: number,
  fees: FeeLookup = nationalFeeEstimates,
): RevenueEstimate {
  let cents = 0;
  const unpriced = new Set<string>();
  for (const claim of claims) {
    const amount = fees(claim.code, year);
    if (amount === undefined) unpriced.add(claim.code);
    else cents += amount * claim.units;
  }
  return { cents, unpricedCodes: [...unpriced].sort() };
}

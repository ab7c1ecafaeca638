import type { Lane } from "./code-rules.ts";
import type { BillableEncounter } from "./earned-claims.ts";
import { minutesForUnits } from "./lane-evaluation.ts";

/**
 * Returns the date of service of a claim: the service date on which the lane's minutes, summed in
 * service-date order, first reached everything the claim's units need (for 99439 ×2, the 60th
 * minute). Undefined when the encounters do not reach it, such as for a submitted claim whose
 * entries changed outside the bot.
 */
export function dateOfService(
  lane: Lane,
  code: string,
  units: number,
  month: string,
  encounters: readonly BillableEncounter[],
): string | undefined {
  const needed = minutesForUnits(lane, Number(month.slice(0, 4)), code, units);
  if (needed === undefined) return undefined;
  const counted = [...encounters].sort(
    (a, b) => a.serviceDate.localeCompare(b.serviceDate) || a.id - b.id,
  );
  let total = 0;
  for (const encounter of counted) {
    total += encounter.minutes;
    if (total >= needed) return encounter.serviceDate;
  }
  return undefined;
}

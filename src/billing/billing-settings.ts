import { defaultFeeSchedule, type FeeSchedule } from "./fee-schedule.ts";

/** Add-on codes whose monthly unit limit the sources disagree on, so a practice sets it. */
export const configurableCapCodes = ["99437", "99427", "99425"] as const;
export type ConfigurableCapCode = (typeof configurableCapCodes)[number];

/**
 * The billing choices a practice makes where the sources disagree, and its fee schedule. Each
 * default is the safe one: the fewest units, and no CCM beside PCM in one month.
 */
export interface BillingSettings {
  /** Most units a month for each disputed add-on code. */
  unitCaps: Record<ConfigurableCapCode, number>;
  /**
   * Bill CCM and PCM for one patient-month when different practitioners bill them. Off means one
   * program per patient-month; the same practitioner never bills both.
   */
  allowCcmAndPcmAcrossPractitioners: boolean;
  feeSchedule: FeeSchedule;
}

export const defaultBillingSettings: BillingSettings = {
  unitCaps: { "99437": 1, "99427": 1, "99425": 1 },
  allowCcmAndPcmAcrossPractitioners: false,
  feeSchedule: defaultFeeSchedule,
};

/** The unit limit in force for a rule: the table's, lowered or set by a cap setting. */
export function unitCapFor(
  code: string,
  tableMaxUnits: number | null,
  settings: Pick<BillingSettings, "unitCaps">,
): number | null {
  const setting = (settings.unitCaps as Record<string, number | undefined>)[code];
  if (setting === undefined) return tableMaxUnits;
  return tableMaxUnits === null ? setting : Math.min(setting, tableMaxUnits);
}

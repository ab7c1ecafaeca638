import { readFile } from "node:fs/promises";
import type { BillingSettings } from "../billing/billing-settings.ts";
import { defaultFeeSchedule, parseFeeSchedule } from "../billing/fee-schedule.ts";
import { type BillingConfig, ConfigError } from "../config.ts";

/**
 * Turns the billing settings into what the rules use, reading the fee schedule file when one is
 * set. Throws ConfigError naming CCM_FEE_SCHEDULE_FILE when the file is unreadable or invalid.
 */
export async function loadBillingSettings(config: BillingConfig): Promise<BillingSettings> {
  const settings = {
    unitCaps: { ...config.unitCaps },
    allowCcmAndPcmAcrossPractitioners: config.allowCcmAndPcmAcrossPractitioners,
  };
  if (!config.feeScheduleFile) return { ...settings, feeSchedule: defaultFeeSchedule };
  return { ...settings, feeSchedule: await readFeeScheduleFile(config.feeScheduleFile) };
}

async function readFeeScheduleFile(path: string) {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `Invalid setting CCM_FEE_SCHEDULE_FILE: cannot read ${path} as JSON (${reason})`,
    );
  }
  const parsed = parseFeeSchedule(data);
  if (!parsed.ok) {
    throw new ConfigError(
      `Invalid setting CCM_FEE_SCHEDULE_FILE: ${path} at ${parsed.message}. Expected [{"code": "99490", "year": 2026, "amount": 66.13}]`,
    );
  }
  return parsed.schedule;
}

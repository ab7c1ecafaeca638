import { z } from "zod";

/** The expected payment for one unit of a code in one calendar year, in US cents. */
export interface FeeEntry {
  code: string;
  year: number;
  amountCents: number;
  /** True when the amount is an estimate rather than a published figure. */
  estimate?: boolean;
}

export type FeeSchedule = readonly FeeEntry[];

/**
 * National non-facility amounts as second-hand summaries of the CMS physician fee schedule
 * report them. Entries marked `estimate` are approximations, such as RVUs times the 2026
 * conversion factor of $33.4009. Codes and years missing here have no amount on file. A practice replaces the whole
 * table with its own contracted or locality amounts through the fee schedule file setting.
 */
export const defaultFeeSchedule: FeeSchedule = [
  { code: "99490", year: 2021, amountCents: 4117 },
  { code: "99490", year: 2022, amountCents: 6157 },
  { code: "99490", year: 2025, amountCents: 6000, estimate: true },
  { code: "99490", year: 2026, amountCents: 6613, estimate: true },
  { code: "99439", year: 2022, amountCents: 4716 },
  { code: "99439", year: 2024, amountCents: 4715 },
  { code: "99439", year: 2025, amountCents: 4593 },
  { code: "99439", year: 2026, amountCents: 4800, estimate: true },
  { code: "99491", year: 2022, amountCents: 8318 },
  { code: "99487", year: 2022, amountCents: 13197 },
  { code: "99487", year: 2026, amountCents: 14400, estimate: true },
  { code: "99489", year: 2022, amountCents: 7106 },
  { code: "99489", year: 2025, amountCents: 7052 },
  { code: "99489", year: 2026, amountCents: 7816, estimate: true },
];

/** The amount for `code` in `year`, or from the latest earlier year on file. */
export interface FeeLookup {
  amountCents: number;
  /** The year the amount comes from; earlier than asked when that year has no entry. */
  year: number;
  /** True when the entry is marked an estimate, or comes from an earlier year than asked. */
  estimate: boolean;
}

export function feeFor(schedule: FeeSchedule, code: string, year: number): FeeLookup | undefined {
  let best: FeeEntry | undefined;
  for (const entry of schedule) {
    if (entry.code !== code || entry.year > year) continue;
    if (!best || entry.year > best.year) best = entry;
  }
  if (!best) return undefined;
  const estimate = best.estimate === true || best.year < year;
  return { amountCents: best.amountCents, year: best.year, estimate };
}

/** Expected payment for `units` of a code in `year`; undefined when no amount is on file. */
export function expectedCents(
  schedule: FeeSchedule,
  code: string,
  year: number,
  units: number,
): number | undefined {
  const fee = feeFor(schedule, code, year);
  return fee === undefined ? undefined : fee.amountCents * units;
}

/** Dollars and cents as billing staff write them: "$66.13". */
export function formatCents(cents: number): string {
  const dollars = Math.floor(Math.abs(cents) / 100);
  const rest = String(Math.abs(cents) % 100).padStart(2, "0");
  return `${cents < 0 ? "-" : ""}$${dollars.toLocaleString("en-US")}.${rest}`;
}

const feeFileSchema = z
  .array(
    z.object({
      code: z.string().regex(/^[0-9A-Z]{5}$/, "expected a 5-character CPT or HCPCS code"),
      year: z.number().int().min(2000).max(2100),
      amount: z.number().nonnegative().multipleOf(0.01, "expected whole cents"),
      estimate: z.boolean().optional(),
    }),
  )
  .min(1, "expected at least one entry");

export type FeeScheduleParse = { ok: true; schedule: FeeSchedule } | { ok: false; message: string };

/**
 * Reads a fee schedule file's JSON: `[{"code": "99490", "year": 2026, "amount": 66.13}]`, amounts
 * in US dollars. A code and year may appear once.
 */
export function parseFeeSchedule(data: unknown): FeeScheduleParse {
  const parsed = feeFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `entry ${issue.path.join(".")}` : "top level";
    return { ok: false, message: `${where}: ${issue?.message ?? "invalid"}` };
  }
  const seen = new Set<string>();
  const schedule: FeeEntry[] = [];
  for (const entry of parsed.data) {
    const key = `${entry.code}/${entry.year}`;
    if (seen.has(key))
      return { ok: false, message: `${entry.code} for ${entry.year} appears twice` };
    seen.add(key);
    schedule.push({
      code: entry.code,
      year: entry.year,
      amountCents: Math.round(entry.amount * 100),
      estimate: entry.estimate,
    });
  }
  return { ok: true, schedule };
}

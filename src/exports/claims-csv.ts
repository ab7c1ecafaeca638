import { stringify } from "csv-stringify/sync";
import type { ExportedClaim } from "../services/claims-export.ts";

/** CSV columns in order; `encounter_ids` is a semicolon-separated list. */
export const claimCsvColumns = [
  "claim_id",
  "month",
  "status",
  "patient_mrn",
  "code",
  "units",
  "date_of_service",
  "rendering_practitioner",
  "rendering_practitioner_id",
  "lane",
  "total_minutes",
  "encounter_ids",
  "expected_amount_usd",
] as const;

/**
 * Writes a month's claims as RFC 4180 CSV with a header row. A claim without a billing
 * practitioner (only clinical staff logged time) has empty practitioner columns. A code without a
 * fee on file has an empty amount.
 */
export function claimsToCsv(claims: readonly ExportedClaim[]): string {
  const rows = claims.map((claim) => [
    claim.claimId,
    claim.month,
    claim.status,
    claim.patientMrn,
    claim.code,
    claim.units,
    claim.dateOfService,
    neutralizeFormula(claim.practitioner?.name ?? ""),
    claim.practitioner?.id ?? "",
    claim.lane,
    claim.totalMinutes,
    claim.encounterIds.join(";"),
    claim.expectedCents === null ? "" : (claim.expectedCents / 100).toFixed(2),
  ]);
  return stringify([[...claimCsvColumns], ...rows], { eof: true });
}

/**
 * Display names come from chat profiles; one that starts like a spreadsheet formula gets a leading
 * apostrophe, so opening the file never runs it.
 */
function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

import type { Executor } from "../../db/client.ts";
import type { BillingSettings } from "../billing/billing-settings.ts";
import { claimsToCsv } from "../exports/claims-csv.ts";
import { claimsToFhirBundle } from "../exports/claims-fhir.ts";
import { listMonthClaims } from "./claims-export.ts";

export const exportFormats = ["csv", "fhir"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface MonthExport {
  filename: string;
  /** `text/csv` or `application/fhir+json`. */
  mediaType: string;
  content: string;
  claimCount: number;
}

/** Builds a file of a billing month's claims: CSV, or a FHIR R4 Bundle of Claim resources. */
export async function exportMonth(
  executor: Executor,
  settings: BillingSettings,
  month: string,
  format: ExportFormat,
  exportedAt: Date,
): Promise<MonthExport> {
  const claims = await listMonthClaims(executor, settings, month);
  if (format === "csv") {
    return {
      filename: `ccm-claims-${month}.csv`,
      mediaType: "text/csv",
      content: claimsToCsv(claims),
      claimCount: claims.length,
    };
  }
  return {
    filename: `ccm-claims-${month}.fhir.json`,
    mediaType: "application/fhir+json",
    content: `${JSON.stringify(claimsToFhirBundle(month, claims, exportedAt), null, 2)}\n`,
    claimCount: claims.length,
  };
}

export function isExportFormat(value: string): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value);
}

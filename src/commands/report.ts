import { writeFile } from "node:fs/promises";
import { loadConfig } from "../config.ts";
import { renderMonthReport } from "../exports/report-text.ts";
import { loadBillingSettings } from "../services/billing-config.ts";
import { buildMonthReport } from "../services/month-report.ts";
import { CommandOptionError, checkMonthOption } from "./export.ts";
import { openConfiguredDatabase } from "./open-configured-database.ts";

/** Options of `ccm report`. */
export interface ReportCommandOptions {
  month: string;
  /** Only this patient's MRN. */
  patient?: string;
  output?: string;
}

/**
 * Runs `ccm report --month YYYY-MM [--patient MRN]`: the audit documentation of each patient-month
 * as plain text. The report contains names and notes, so it goes to standard output or a file only.
 */
export async function runReportCommand(
  options: ReportCommandOptions,
  output: NodeJS.WritableStream,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  checkMonthOption(options.month);
  const config = loadConfig(environment);
  const settings = await loadBillingSettings(config.billing);
  const database = await openConfiguredDatabase(config);
  try {
    const reports = await buildMonthReport(database.db, settings, options.month, options.patient);
    if (options.patient !== undefined && reports.length === 0) {
      throw new CommandOptionError(
        `No encounters or claims for MRN ${options.patient} in ${options.month}. Check the MRN and month.`,
      );
    }
    const text = renderMonthReport(options.month, reports, new Date(), config.timeZone);
    if (options.output) await writeFile(options.output, text, "utf8");
    else output.write(text);
    return reports.length;
  } finally {
    await database.close();
  }
}

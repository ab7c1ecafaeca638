import { writeFile } from "node:fs/promises";
import { loadConfig } from "../config.ts";
import { CcmError } from "../errors.ts";
import { loadBillingSettings } from "../services/billing-config.ts";
import { exportFormats, exportMonth, isExportFormat } from "../services/export-month.ts";
import { isValidMonth } from "../time/calendar.ts";
import { openConfiguredDatabase } from "./open-configured-database.ts";

/** Options of `ccm export`. */
export interface ExportCommandOptions {
  month: string;
  format: string;
  /** File to write; standard output when absent. */
  output?: string;
}

/** A bad option of `ccm export` or `ccm report`; the message names the value and the fix. */
export class CommandOptionError extends CcmError {
  constructor(message: string) {
    super(message, "invalid_option");
  }
}

/**
 * Runs `ccm export --month YYYY-MM --format csv|fhir`: writes every claim of the month that is not
 * void, with the database and billing settings `ccm start` would use. Returns the claim count.
 */
export async function runExportCommand(
  options: ExportCommandOptions,
  output: NodeJS.WritableStream,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  checkMonthOption(options.month);
  if (!isExportFormat(options.format)) {
    throw new CommandOptionError(
      `Invalid --format "${options.format}": expected ${exportFormats.join(" or ")}.`,
    );
  }
  const config = loadConfig(environment);
  const settings = await loadBillingSettings(config.billing);
  const database = await openConfiguredDatabase(config);
  try {
    const file = await exportMonth(
      database.db,
      settings,
      options.month,
      options.format,
      new Date(),
    );
    if (options.output) await writeFile(options.output, file.content, "utf8");
    else output.write(file.content);
    return file.claimCount;
  } finally {
    await database.close();
  }
}

export function checkMonthOption(month: string): void {
  if (!isValidMonth(month)) {
    throw new CommandOptionError(`Invalid --month "${month}": expected YYYY-MM, such as 2026-03.`);
  }
}

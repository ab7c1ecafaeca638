import { Command } from "commander";
import { CommandOptionError, runExportCommand } from "./commands/export.ts";
import {
  type ImportSlackExportOptions,
  runImportSlackExport,
} from "./commands/import-slack-export.ts";
import { runParseCommand } from "./commands/parse.ts";
import { runReportCommand } from "./commands/report.ts";
import { runStartCommand } from "./commands/start.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { CcmError } from "./errors.ts";

const program = new Command("ccm").description("Chronic Care Management time from chat messages");

program
  .command("start")
  .description("run the bot: Slack and Teams as configured, else the local console")
  .action(runStartCommand);

program
  .command("parse")
  .description("parse messages from stdin, one per line, into JSON lines")
  .requiredOption("--roster <file>", "roster JSON: [{id, name, mrn, aliases}]")
  .option("--now <time>", "reference instant as local time in --tz, such as 2026-03-10T15:00:00")
  .option("--tz <zone>", "IANA time zone of the practice", "America/New_York")
  .option("--jsonl", "each input line is a JSON object whose text field is the message", false)
  .action((options: { roster: string; now?: string; tz: string; jsonl: boolean }) =>
    runParseCommand(options, process.stdin, process.stdout),
  );

const importCommands = program
  .command("import")
  .description("bring past CCM time in from other systems");

importCommands
  .command("slack-export")
  .description("import the logs of one channel of a Slack workspace export (folder or .zip)")
  .argument("<path>", "the export folder or .zip file")
  .requiredOption("--channel <name>", "channel to import, by name (such as care-team) or id")
  .option("--month <YYYY-MM>", "only messages sent in this month, in CCM_TIMEZONE")
  .option("--dry-run", "report what would be recorded and write nothing", false)
  .option("--report <file>", "also write the report to this CSV file")
  .option("--notify", "post the claims the import earns to CCM_BILLING_CHANNEL", false)
  .option("--workspace <domain>", "workspace domain for message links, such as acme.slack.com")
  .action(async (path: string, options: ImportSlackExportOptions) => {
    await runImportSlackExport(path, options, {
      config: loadConfig(),
      stdout: process.stdout,
      stderr: process.stderr,
    });
  });

program
  .command("export")
  .description("write a billing month's claims as CSV or a FHIR R4 Bundle of Claim resources")
  .requiredOption("--month <YYYY-MM>", "billing month in the practice time zone")
  .option("--format <format>", "csv or fhir", "csv")
  .option("--output <file>", "file to write instead of standard output")
  .action(async (options: { month: string; format: string; output?: string }) => {
    await runExportCommand(options, process.stdout);
  });

program
  .command("report")
  .description("print the audit documentation of each patient-month: encounters, claims, edits")
  .requiredOption("--month <YYYY-MM>", "billing month in the practice time zone")
  .option("--patient <MRN>", "only this patient")
  .option("--output <file>", "file to write instead of standard output")
  .action(async (options: { month: string; patient?: string; output?: string }) => {
    await runReportCommand(options, process.stdout);
  });

try {
  await program.parseAsync();
} catch (error) {
  // Expected failures (a bad setting, roster or option) print one line, not a stack trace.
  if (
    error instanceof ConfigError ||
    error instanceof CcmError ||
    error instanceof CommandOptionError
  ) {
    process.stderr.write(`ccm: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

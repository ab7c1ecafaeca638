import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Presets, SingleBar } from "cli-progress";
import pino from "pino";
import { type DatabaseHandle, openDatabase } from "../../db/client.ts";
import { createSlackBillingSender } from "../chat/slack/billing-client.ts";
import type { Config } from "../config.ts";
import { CcmError } from "../errors.ts";
import {
  type ChannelMessages,
  readChannelMessages,
} from "../import/slack-export/channel-messages.ts";
import { reasonOf } from "../import/slack-export/export-files.ts";
import {
  type ImportMessagesResult,
  importMessages,
} from "../import/slack-export/import-messages.ts";
import {
  formatReportCsv,
  formatReportText,
  type ImportReport,
  sortByDate,
} from "../import/slack-export/import-report.ts";
import { parseWorkspace } from "../import/slack-export/message-link.ts";
import { openSlackExport } from "../import/slack-export/read-export.ts";
import { OutboxWorker } from "../jobs/outbox-worker.ts";
import { createLogger, type Logger } from "../logger.ts";
import type { ServiceContext } from "../services/context.ts";
import { runRolledBack } from "../services/rolled-back.ts";
import { RosterCache } from "../services/roster.ts";
import { isValidMonth } from "../time/calendar.ts";

/** Options of `ccm import slack-export PATH`. */
export interface ImportSlackExportOptions {
  /** Channel name (with or without "#") or id. */
  channel: string;
  /** Only messages sent in this month, `YYYY-MM` in the practice time zone. */
  month?: string;
  /** Run every message through the services in a transaction that is rolled back. */
  dryRun?: boolean;
  /** Path of a CSV file to write the report to as well. */
  report?: string;
  /** Post claims the import earns or changes to the Slack billing channel. */
  notify?: boolean;
  /** Slack workspace domain (`acme` of acme.slack.com) for message links. */
  workspace?: string;
}

export interface ImportCommandIo {
  config: Config;
  stdout: NodeJS.WritableStream;
  /** Progress goes here, and only when it is a terminal. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  logger?: Logger;
  /** An already open database, which the command leaves open (tests); else the configured one. */
  database?: DatabaseHandle;
}

/** A bad option, a missing setting for `--notify`, or an import that stopped part way. */
export class ImportCommandError extends CcmError {}

interface CheckedOptions {
  month?: string;
  dryRun: boolean;
  workspace?: string;
  /** Set with `--notify`: where billing posts go and the token to send them. */
  notify?: { channel: string; botToken: string; apiUrl?: string };
}

/**
 * Runs `ccm import slack-export`: reads one channel of a Slack export, sends each message
 * through the live message path, prints the report and writes it as CSV when asked. Without
 * `--notify` the import records claims but queues no billing posts, so neither this command nor
 * a running bot announces them. Throws SlackExportError for an unusable export and
 * ImportCommandError for bad options or an import that stopped.
 */
export async function runImportSlackExport(
  path: string,
  options: ImportSlackExportOptions,
  io: ImportCommandIo,
): Promise<ImportReport> {
  const checked = checkOptions(options, io.config);
  const logger = io.logger ?? createCommandLogger(io.config);
  const slackExport = await openSlackExport(path);
  try {
    const channel = await readChannelMessages(slackExport, {
      channel: options.channel,
      month: checked.month,
      timeZone: io.config.timeZone,
    });
    const database = io.database ?? (await openConfiguredDatabase(io.config));
    try {
      const result = await importChannel(
        database,
        channel,
        slackExport.userNames,
        checked,
        io,
        logger,
      );
      const report: ImportReport = {
        conversation: channel.conversation,
        month: checked.month,
        dryRun: checked.dryRun,
        rows: sortByDate([...channel.skippedDayFiles, ...result.rows]),
        skippedDayFiles: channel.skippedDayFiles.length,
        claimChanges: result.claimChanges,
      };
      await write(io.stdout, formatReportText(report));
      if (options.report) await writeCsv(options.report, report);
      if (result.stopped) throw stoppedError(result.stopped, result.rows.length, checked.dryRun);

      await announceClaims(database, report, checked, logger, io.stdout);
      return report;
    } finally {
      if (!io.database) await database.close();
    }
  } finally {
    await slackExport.close();
  }
}

/** Sends the channel's messages through the services, in a rolled-back transaction on a dry run. */
async function importChannel(
  database: DatabaseHandle,
  channel: ChannelMessages,
  userNames: ReadonlyMap<string, string>,
  checked: CheckedOptions,
  io: ImportCommandIo,
  logger: Logger,
): Promise<ImportMessagesResult> {
  const context = createImportContext(database, io.config, logger, checked);
  const progress = startProgress(io.stderr, channel.messages.length);
  const importAll = (runContext: ServiceContext) =>
    importMessages(runContext, channel.messages, {
      conversation: channel.conversation,
      userNames,
      workspace: checked.workspace,
      onProgress: (done) => progress?.update(done),
    });
  try {
    return checked.dryRun ? await runRolledBack(context, importAll) : await importAll(context);
  } finally {
    progress?.stop();
  }
}

/** Posts the import's claim changes with `--notify`, or says that they were not posted. */
async function announceClaims(
  database: DatabaseHandle,
  report: ImportReport,
  checked: CheckedOptions,
  logger: Logger,
  stdout: NodeJS.WritableStream,
): Promise<void> {
  if (report.dryRun) return;
  if (checked.notify) {
    await deliverPosts(database, checked.notify, report.claimChanges, logger, stdout);
  } else if (report.claimChanges > 0) {
    await write(
      stdout,
      "Claims were recorded but not posted to the billing channel; add --notify to post them.\n",
    );
  }
}

function checkOptions(options: ImportSlackExportOptions, config: Config): CheckedOptions {
  if (options.month !== undefined && !isValidMonth(options.month)) {
    throw new ImportCommandError(
      `Invalid --month "${options.month}": expected YYYY-MM, such as 2026-03.`,
      "invalid_option",
    );
  }
  const workspace = options.workspace === undefined ? undefined : parseWorkspace(options.workspace);
  if (options.workspace !== undefined && workspace === undefined) {
    throw new ImportCommandError(
      `Invalid --workspace "${options.workspace}": expected the workspace's Slack domain, such as acme or acme.slack.com.`,
      "invalid_option",
    );
  }
  return {
    month: options.month,
    dryRun: options.dryRun ?? false,
    workspace,
    notify: options.notify ? checkNotify(config) : undefined,
  };
}

function checkNotify(config: Config): NonNullable<CheckedOptions["notify"]> {
  const channel = config.billingChannel;
  if (!channel || channel === "console" || channel.startsWith("teams:")) {
    throw new ImportCommandError(
      "--notify posts claims to the Slack billing channel, but CCM_BILLING_CHANNEL is not a Slack channel id; set it, such as C0123BILL, or leave out --notify.",
      "invalid_option",
    );
  }
  if (!config.slack) {
    throw new ImportCommandError(
      "--notify needs SLACK_BOT_TOKEN to post claims to Slack; set it with the bot's other Slack settings, or leave out --notify.",
      "invalid_option",
    );
  }
  return { channel, botToken: config.slack.botToken, apiUrl: config.slack.apiUrl };
}

/** Creates a logger on stderr, so stdout has only the report; warn level unless LOG_LEVEL is set. */
function createCommandLogger(config: Config): Logger {
  const level = process.env.LOG_LEVEL ? config.logLevel : "warn";
  return createLogger(level, pino.destination(2));
}

function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : join(config.dataDir, "pglite"),
  });
}

function createImportContext(
  database: DatabaseHandle,
  config: Config,
  logger: Logger,
  checked: CheckedOptions,
): ServiceContext {
  return {
    db: database.db,
    timeZone: config.timeZone,
    now: () => new Date(),
    logger,
    roster: new RosterCache(),
    admins: config.admins,
    // Without a billing channel, reconcileClaims records claims and queues no posts.
    billingChannel: checked.notify?.channel,
  };
}

/** Starts a progress bar on a terminal; none when stderr is a pipe or file, so logs stay clean. */
function startProgress(stderr: ImportCommandIo["stderr"], total: number): SingleBar | undefined {
  if (!stderr.isTTY || total === 0) return undefined;
  const bar = new SingleBar(
    {
      stream: stderr,
      format: "Importing [{bar}] {value}/{total} messages",
      clearOnComplete: true,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

async function writeCsv(file: string, report: ImportReport): Promise<void> {
  try {
    await writeFile(file, formatReportCsv(report), "utf8");
  } catch (error) {
    throw new ImportCommandError(
      `Cannot write the report to ${file}: ${reasonOf(error)}. The import itself is done; choose a writable --report path to get the CSV.`,
      "report_not_written",
      { cause: error },
    );
  }
}

function stoppedError(
  stopped: { row: { date: string; time: string; link: string }; error: unknown },
  done: number,
  dryRun: boolean,
): ImportCommandError {
  const { row, error } = stopped;
  const written = dryRun ? " (dry run: nothing was written)" : "";
  return new ImportCommandError(
    `Import stopped at the message of ${row.date} ${row.time} (${row.link}): ${reasonOf(error)}. The ${done} messages before it are done${written}; run the same command again to continue, since nothing is recorded twice.`,
    "import_stopped",
    { cause: error },
  );
}

/** Sends the billing posts the import queued, leaving every other channel's posts alone. */
async function deliverPosts(
  database: DatabaseHandle,
  notify: NonNullable<CheckedOptions["notify"]>,
  queued: number,
  logger: Logger,
  stdout: NodeJS.WritableStream,
): Promise<void> {
  const sender = createSlackBillingSender(notify.botToken, notify.apiUrl, logger);
  const worker = new OutboxWorker(
    database.db,
    (channel) => (channel === notify.channel ? sender : undefined),
    logger,
    { channels: [notify.channel] },
  );
  const sent = await worker.deliverAll();
  const lines = [`Billing posts sent to ${notify.channel}: ${sent}.`];
  if (sent < queued) {
    lines.push(
      `${queued - sent} posts were not sent; they stay in the outbox and the running bot retries them (the log has the error).`,
    );
  }
  await write(stdout, `${lines.join("\n")}\n`);
}

async function write(output: NodeJS.WritableStream, text: string): Promise<void> {
  if (output.write(text)) return;
  await new Promise<void>((resolve) => output.once("drain", () => resolve()));
}

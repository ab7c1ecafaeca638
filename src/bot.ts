import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { type DatabaseHandle, openDatabase } from "../db/client.ts";
import { createConsolePostSender } from "./chat/console/console-adapter.ts";
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackIdentity,
} from "./chat/slack/slack-adapter.ts";
import { createTeamsBot, type TeamsBot } from "./chat/teams/teams-adapter.ts";
import { createVoiceRouter } from "./chat/voice/voice-route.ts";
import type { Config } from "./config.ts";
import { closeServer, createHttpApp, type HealthCheck, listen } from "./http-server.ts";
import { DigestScheduler } from "./jobs/digest-schedule.ts";
import { OutboxWorker, type PostSender, type SenderResolver } from "./jobs/outbox-worker.ts";
import type { Logger } from "./logger.ts";
import { loadBillingSettings } from "./services/billing-config.ts";
import type { ServiceContext } from "./services/context.ts";
import { RosterCache } from "./services/roster.ts";
import { teamsChannelPrefix } from "./services/teams-conversations.ts";

export interface StartBotOptions {
  config: Config;
  logger: Logger;
  /** Clock for every service; tests fix it. */
  now?: () => Date;
  /** Known Slack bot identity, which skips `auth.test` (tests). */
  slackIdentity?: SlackIdentity;
  /** Slack HTTP responses wait for the listener to finish (tests). */
  processBeforeResponse?: boolean;
  /** Stream that console-channel billing posts are printed to. */
  consoleOutput?: NodeJS.WritableStream;
  /** Extra admins, such as the console's local user. */
  extraAdmins?: string[];
  outboxPollIntervalMs?: number;
  /** An already open database, which the bot then leaves open when it stops (tests). */
  database?: DatabaseHandle;
}

export interface RunningBot {
  context: ServiceContext;
  database: DatabaseHandle;
  outbox: OutboxWorker;
  /** The daily digest schedule, when CCM_DIGEST_CHANNEL or CCM_DIGEST_DMS is set. */
  digest?: DigestScheduler;
  slack?: SlackAdapter;
  teams?: TeamsBot;
  server?: Server;
  /** The bound HTTP port, when a chat platform or voice is configured. */
  port?: number;
  stop(): Promise<void>;
}

/**
 * Opens the database, builds the services and starts every configured adapter on one HTTP port.
 * Without Slack, Teams or voice settings nothing listens, and the caller runs the console instead.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  // Read before the database opens, so a bad fee schedule file stops start-up with nothing open.
  const billing = await loadBillingSettings(config.billing);
  const database =
    options.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : join(config.dataDir, "pglite"),
    }));
  logger.info({ driver: database.driver }, "database ready");

  const senders = new Map<string, PostSender>();
  const resolveSender: SenderResolver = (channel) => {
    if (channel === "console") return senders.get("console");
    if (channel.startsWith(teamsChannelPrefix)) return senders.get("teams");
    return senders.get("slack");
  };
  const outbox = new OutboxWorker(database.db, resolveSender, logger, {
    pollIntervalMs: options.outboxPollIntervalMs,
  });
  const context: ServiceContext = {
    db: database.db,
    timeZone: config.timeZone,
    now: options.now ?? (() => new Date()),
    logger,
    roster: new RosterCache(),
    admins: [...config.admins, ...(options.extraAdmins ?? [])],
    billingChannel: config.billingChannel ?? (config.slack || config.teams ? undefined : "console"),
    digestWindowMinutes: config.digestWindowMinutes,
    onOutboxWrite: () => outbox.poke(),
    billing,
  };
  if (!context.billingChannel)
    logger.warn("CCM_BILLING_CHANNEL is not set: claims are recorded but not posted");

  let draining = false;
  const healthChecks: HealthCheck[] = [
    { name: "database", critical: true, check: () => pingDatabase(database) },
  ];
  const httpApp = createHttpApp(healthChecks, () => draining);
  if (config.voice) httpApp.use(createVoiceRouter({ context, logger }));
  const slack = config.slack
    ? await createSlackAdapter({
        settings: config.slack,
        context,
        logger,
        expressApp: httpApp,
        identity: options.slackIdentity,
        processBeforeResponse: options.processBeforeResponse,
      })
    : undefined;
  if (slack) {
    senders.set("slack", slack.sendPost);
    healthChecks.push({ name: "slack", critical: false, check: slack.checkHealth });
  }
  const teams = config.teams
    ? createTeamsBot({ settings: config.teams, context, logger, expressApp: httpApp })
    : undefined;
  if (teams) senders.set("teams", teams.sendPost);
  senders.set("console", createConsolePostSender(options.consoleOutput ?? process.stdout));

  const listens =
    (config.slack && !config.slack.appToken) || config.teams !== undefined || config.voice;
  const server = listens ? await listen(httpApp, config.port, config.host, logger) : undefined;
  await slack?.start();
  outbox.start();
  const digest = createDigestScheduler(config, context, logger);
  digest?.start();

  return {
    context,
    database,
    outbox,
    digest,
    slack,
    teams,
    server,
    port: server ? (server.address() as AddressInfo).port : undefined,
    // New requests get 503 at once; handlers under way finish, then the outbox post being
    // sent, and only then does the database close.
    stop: async () => {
      draining = true;
      if (server) await closeServer(server);
      await digest?.stop();
      await slack?.stop();
      await outbox.stop();
      if (!options.database) {
        await database.close();
        logger.info("database closed");
      }
      logger.info("stopped");
    },
  };
}

function createDigestScheduler(
  config: Config,
  context: ServiceContext,
  logger: Logger,
): DigestScheduler | undefined {
  if (!config.digestChannel && !config.digestDirectMessages) {
    logger.info("CCM_DIGEST_CHANNEL and CCM_DIGEST_DMS are not set: no daily digest");
    return undefined;
  }
  logger.info(
    { time: config.digestTime, timeZone: config.timeZone, channel: config.digestChannel },
    "daily digest scheduled",
  );
  return new DigestScheduler(context, {
    time: config.digestTime,
    channel: config.digestChannel,
    directMessages: config.digestDirectMessages,
    windowMinutes: config.digestWindowMinutes,
  });
}

async function pingDatabase(database: DatabaseHandle): Promise<boolean> {
  await database.db.execute(sql`select 1`);
  return true;
}

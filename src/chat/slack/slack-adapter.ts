import { App, ExpressReceiver } from "@slack/bolt";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Application } from "express";
import type { SlackSettings } from "../../config.ts";
import { ConfigError } from "../../config.ts";
import type { PostSender } from "../../jobs/outbox-worker.ts";
import type { Logger } from "../../logger.ts";
import type { ServiceContext } from "../../services/context.ts";
import { registerActionListener } from "./action-listener.ts";
import { createSlackPostSender } from "./billing-sender.ts";
import { createBoltLogger } from "./bolt-logger.ts";
import { registerCommandListener } from "./command-listener.ts";
import { registerEnrollmentModal } from "./enrollment-modal.ts";
import { registerHomeListener } from "./home-listener.ts";
import { registerMessageListener } from "./message-listener.ts";
import { registerRosterUploadListener } from "./roster-upload.ts";
import { trustedSlackOrigins } from "./slack-urls.ts";

export interface SlackIdentity {
  botUserId: string;
  botId: string;
}

export interface SlackAdapterOptions {
  settings: SlackSettings;
  context: ServiceContext;
  logger: Logger;
  /** The shared HTTP app; Bolt adds `POST /slack/events` to it. Unused in Socket Mode. */
  expressApp: Application;
  /** Known bot identity; when absent, one `auth.test` call at start-up fetches it. */
  identity?: SlackIdentity;
  /** Sends Slack's HTTP response only after the listener finished, for deterministic tests. */
  processBeforeResponse?: boolean;
}

export interface SlackAdapter {
  app: App;
  client: WebClient;
  identity: SlackIdentity;
  sendPost: PostSender;
  /** Returns true when Slack accepts the bot token (`auth.test`), for `/healthz`. */
  checkHealth(): Promise<boolean>;
  start(): Promise<void>;
  /** Stops Socket Mode and waits for the events, commands and actions being handled. */
  stop(): Promise<void>;
}

/** Largest Slack request body accepted; Slack's own payloads stay far below it. */
const slackBodyLimit = "1mb";

/** Builds the Bolt app: HTTP events on the shared server, or Socket Mode with an app token. */
export async function createSlackAdapter(options: SlackAdapterOptions): Promise<SlackAdapter> {
  const { settings, context, logger } = options;
  const boltLogger = createBoltLogger(logger);
  const clientOptions: WebClientOptions = {
    slackApiUrl: settings.apiUrl ? withTrailingSlash(settings.apiUrl) : undefined,
    // Rate-limited calls fail at once so the outbox can honour Retry-After without blocking.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    logger: boltLogger,
  };
  const identity = options.identity ?? (await fetchIdentity(settings.botToken, clientOptions));
  const socketMode = settings.appToken !== undefined;

  const app = new App({
    token: settings.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger: boltLogger,
    clientOptions,
    ...(socketMode
      ? { socketMode: true, appToken: settings.appToken }
      : {
          receiver: new ExpressReceiver({
            signingSecret: settings.signingSecret,
            app: options.expressApp,
            processBeforeResponse: options.processBeforeResponse ?? false,
            logger: boltLogger,
            bodyLimit: slackBodyLimit,
          }),
        }),
  });
  app.error(async (error) => {
    logger.error({ err: error }, "Slack listener failed");
  });
  const inFlight = trackHandlers(app);

  const trustedOrigins = trustedSlackOrigins(settings.apiUrl);
  registerMessageListener(app, context, identity.botUserId);
  registerRosterUploadListener(app, context, { botUserId: identity.botUserId, trustedOrigins });
  registerCommandListener(app, context);
  registerActionListener(app, context);
  registerEnrollmentModal(app, context, { trustedOrigins });
  registerHomeListener(app, context);

  return {
    app,
    client: app.client,
    identity,
    sendPost: createSlackPostSender(app.client),
    checkHealth: createHealthCheck(settings.botToken, clientOptions),
    start: async () => {
      if (socketMode) await app.start();
    },
    stop: async () => {
      if (socketMode) await app.stop();
      await inFlight.drain();
    },
  };
}

/**
 * Counts the listeners running, through a global middleware that wraps every event, command and
 * action. With `processBeforeResponse` false the HTTP response leaves before the listener ends, so
 * closing the server alone would not wait for them.
 */
function trackHandlers(app: App): { drain(): Promise<void> } {
  const running = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const handler = next();
    running.add(handler);
    try {
      await handler;
    } finally {
      running.delete(handler);
    }
  });
  return {
    drain: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** How long a successful `auth.test` is trusted, so frequent probes do not call Slack each time. */
const healthyForMs = 30_000;

function createHealthCheck(token: string, clientOptions: WebClientOptions): () => Promise<boolean> {
  const client = new WebClient(token, {
    ...clientOptions,
    retryConfig: { retries: 0 },
    timeout: 3_000,
  });
  let lastSuccess = Number.NEGATIVE_INFINITY;
  return async () => {
    if (Date.now() - lastSuccess < healthyForMs) return true;
    const result = await client.auth.test();
    if (result.ok) lastSuccess = Date.now();
    return result.ok === true;
  };
}

async function fetchIdentity(
  token: string,
  clientOptions: WebClientOptions,
): Promise<SlackIdentity> {
  const client = new WebClient(token, { ...clientOptions, retryConfig: { retries: 0 } });
  try {
    const result = await client.auth.test();
    if (!result.user_id || !result.bot_id) throw new Error("auth.test returned no bot user");
    return { botUserId: result.user_id, botId: result.bot_id };
  } catch (error) {
    const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    throw new ConfigError(
      `Slack rejected SLACK_BOT_TOKEN (auth.test: ${reason}); check the token and SLACK_API_URL`,
    );
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

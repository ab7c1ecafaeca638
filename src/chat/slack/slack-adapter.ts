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
import { registerHomeListener } from "./home-listener.ts";
import { registerMessageListener } from "./message-listener.ts";

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
  start(): Promise<void>;
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

  registerMessageListener(app, context, identity.botUserId);
  registerCommandListener(app, context);
  registerActionListener(app, context);
  registerHomeListener(app, context);

  return {
    app,
    client: app.client,
    identity,
    sendPost: createSlackPostSender(app.client),
    start: async () => {
      if (socketMode) await app.start();
    },
    stop: async () => {
      if (socketMode) await app.stop();
    },
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

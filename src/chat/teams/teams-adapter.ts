import { Application, TeamsAdapter } from "@microsoft/teams-ai";
import {
  ActivityTypes,
  type ConfigurationBotFrameworkAuthenticationOptions,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from "botbuilder";
import { AppCredentials, AuthenticationConstants } from "botframework-connector";
import express, {
  type Application as ExpressApplication,
  type NextFunction,
  type Request,
  type Response,
} from "express";
import type { TeamsSettings } from "../../config.ts";
import type { PostSender } from "../../jobs/outbox-worker.ts";
import type { Logger } from "../../logger.ts";
import type { ServiceContext } from "../../services/context.ts";
import { saveTeamsConversation } from "../../services/teams-conversations.ts";
import { handleTeamsButton } from "./action-handler.ts";
import { activityTenant, storedReference, teamsUser } from "./activity-fields.ts";
import { createTeamsPostSender } from "./billing-sender.ts";
import { type ConnectorAuthorizer, ProactiveConnectorClient } from "./connector-client.ts";
import { formActions, handleTeamsFormAction } from "./enrollment-card.ts";
import { acceptFileConsent, declineFileConsent } from "./file-consent.ts";
import { FileOffers } from "./file-offers.ts";
import { handleTeamsDeletion, handleTeamsEdit } from "./message-change-handler.ts";
import { handleTeamsMessage } from "./message-handler.ts";
import type { TeamsRuntime } from "./teams-runtime.ts";

export interface TeamsAdapterOptions {
  settings: TeamsSettings;
  context: ServiceContext;
  logger: Logger;
  /** The shared HTTP app; the adapter adds `POST /api/messages` to it. */
  expressApp: ExpressApplication;
}

export interface TeamsBot {
  application: Application;
  sendPost: PostSender;
}

/** Route of the Bot Framework messaging endpoint, as the Azure Bot resource is configured. */
export const teamsMessagesPath = "/api/messages";

/** Largest activity accepted; Teams messages are capped at about 28 KB, cards included. */
const teamsBodyLimit = "1mb";

/**
 * Builds the Teams AI application behind `POST /api/messages` on the shared HTTP server. With
 * TEAMS_APP_ID set, botbuilder checks each request's Bot Framework token before any handler runs
 * and responds with 401 without one; with TEAMS_ALLOW_ANONYMOUS=1 it checks nothing.
 */
export function createTeamsBot(options: TeamsAdapterOptions): TeamsBot {
  const { settings, context, logger } = options;
  const log = logger.child({ component: "teams" });
  if (settings.allowAnonymous) {
    log.warn(
      "TEAMS_ALLOW_ANONYMOUS=1: /api/messages accepts requests without a Bot Framework token, so anyone who can reach this port can act as any Teams user; use it only for local development and tests",
    );
  }

  const authConfig = botFrameworkAuthConfig(settings);
  const credentialsFactory = new ConfigurationServiceClientCredentialFactory(authConfig);
  const adapter = new TeamsAdapter(authConfig, credentialsFactory);
  const runtime: TeamsRuntime = { context, fileOffers: new FileOffers(context.now) };
  const application = buildApplication(adapter, runtime);
  application.error(async (turn, error) => {
    log.error(
      { err: error, conversationId: turn.activity.conversation?.id, activityId: turn.activity.id },
      "Teams turn failed",
    );
  });

  options.expressApp.post(
    teamsMessagesPath,
    express.json({ limit: teamsBodyLimit }),
    async (request: Request, response: Response) => {
      await adapter.process(request, response, (turn) =>
        runTurn(turn, application, settings, context, log),
      );
      // botbuilder sends the 401 response itself and only prints the error to the console.
      if (response.statusCode === 401)
        log.warn("Teams request rejected: no valid Bot Framework token");
    },
    rejectUnreadableBody(log),
  );

  const authorize = connectorAuthorizer(settings, credentialsFactory);
  return {
    application,
    sendPost: createTeamsPostSender(context, new ProactiveConnectorClient(authorize)),
  };
}

function botFrameworkAuthConfig(
  settings: TeamsSettings,
): ConfigurationBotFrameworkAuthenticationOptions {
  if (!settings.appId) return {};
  return {
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.appPassword,
    MicrosoftAppTenantId: settings.tenantId,
    MicrosoftAppType: settings.tenantId ? "SingleTenant" : "MultiTenant",
  };
}

function buildApplication(adapter: TeamsAdapter, runtime: TeamsRuntime): Application {
  const application = new Application({
    adapter,
    // Mentions are removed by cleanTeamsText, which also strips the HTML around them.
    removeRecipientMention: false,
    startTypingTimer: false,
    // Buttons carry `{ action, value }`, so presses are routed by `action`.
    adaptiveCards: { actionSubmitFilter: "action" },
  });
  // teams-ai 1.7.4 starts the typing timer even with `startTypingTimer: false`; its "typing"
  // activities would arrive before the reply, and its one timer is shared by concurrent turns.
  application.startTypingTimer = () => {};

  // Routes are tried in order: the form steps first, then every other button of the bot.
  application.adaptiveCards.actionSubmit(Object.values(formActions), async (turn) =>
    handleTeamsFormAction(runtime, turn),
  );
  application.adaptiveCards.actionSubmit(/^ccm_/, async (turn) => handleTeamsButton(runtime, turn));
  application.activity(ActivityTypes.Message, async (turn) => handleTeamsMessage(runtime, turn));
  application.messageEventUpdate("editMessage", async (turn) => handleTeamsEdit(runtime, turn));
  application.messageEventUpdate("softDeleteMessage", async (turn) =>
    handleTeamsDeletion(runtime, turn),
  );
  application.fileConsentAccept(async (turn, _state, response) =>
    acceptFileConsent(runtime, turn, response),
  );
  application.fileConsentDecline(async (turn, _state, response) =>
    declineFileConsent(runtime, turn, response),
  );
  return application;
}

/**
 * Handles one authenticated activity. Its conversation reference is stored first, whatever the
 * activity is (a message, the bot being added to a team), so billing posts can reach the
 * conversation later. With TEAMS_APP_TENANT_ID set, activities from other tenants are dropped
 * unread.
 */
async function runTurn(
  turn: TurnContext,
  application: Application,
  settings: TeamsSettings,
  context: ServiceContext,
  log: Logger,
): Promise<void> {
  const activity = turn.activity;
  const tenant = activityTenant(activity);
  if (settings.tenantId && tenant !== settings.tenantId) {
    log.warn({ tenant, activityId: activity.id }, "Teams activity from another tenant ignored");
    return;
  }
  await rememberConversation(turn, context, log);
  await application.run(turn);
}

async function rememberConversation(
  turn: TurnContext,
  context: ServiceContext,
  log: Logger,
): Promise<void> {
  const reference = storedReference(turn.activity);
  const personalUserId =
    reference.conversation.conversationType === "personal"
      ? teamsUser(turn.activity).userId
      : undefined;
  try {
    const isNew = await saveTeamsConversation(context, reference, personalUserId);
    if (isNew) {
      log.info(
        {
          conversationId: reference.conversation.id,
          conversationType: reference.conversation.conversationType,
        },
        "Teams conversation stored; billing posts can go to teams:<conversationId>",
      );
    }
  } catch (error) {
    log.error(
      { err: error, conversationId: reference.conversation.id },
      "Teams conversation reference not stored",
    );
  }
}

/** Malformed or oversized JSON gets a bare 400 or 413, never express's page with a stack trace. */
function rejectUnreadableBody(log: Logger) {
  return (error: unknown, _request: Request, response: Response, next: NextFunction): void => {
    const status = (error as { status?: number }).status;
    if (status === undefined || status < 400 || status >= 500) {
      next(error);
      return;
    }
    log.warn({ status, type: (error as { type?: string }).type }, "Teams request body rejected");
    response.status(status).end();
  };
}

/** Builds the connector token source for outbox posts, from the credentials replies use. */
function connectorAuthorizer(
  settings: TeamsSettings,
  credentialsFactory: ConfigurationServiceClientCredentialFactory,
): ConnectorAuthorizer {
  const appId = settings.appId;
  if (!appId) return async () => undefined;
  return async () => {
    // NOTE: public cloud only, like botFrameworkAuthConfig. A US Government cloud bot would need
    // GovernmentConstants here and a ChannelService setting there.
    const credentials = await credentialsFactory.createCredentials(
      appId,
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      AuthenticationConstants.ToChannelFromBotLoginUrl,
      true,
    );
    if (!(credentials instanceof AppCredentials)) {
      throw new Error("Teams credentials cannot issue a connector token");
    }
    return `Bearer ${await credentials.getToken()}`;
  };
}

import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ServiceContext } from "../../services/context.ts";
import type { MessageOutcome } from "../../services/message-outcome.ts";
import { summarizeProviderMonth } from "../../services/provider-month.ts";
import { findProvider } from "../../services/providers.ts";
import { providerMonthReply } from "../replies/home-replies.ts";
import { type Reply, textReply } from "../reply.ts";
import { renderSlackMessage } from "./render.ts";

/** Publishes a provider's month at a glance on their App Home tab when they open it. */
export function registerHomeListener(app: App, context: ServiceContext): void {
  app.event("app_home_opened", async ({ event, client }) => {
    // The same event fires for the Messages and About tabs, which the bot does not draw.
    if (event.tab !== "home") return;
    await refreshSlackHome(context, client, event.user);
  });
}

/**
 * Publishes the user's App Home again. Failures are logged and swallowed, because the home is
 * refreshed after a log or undo that is already recorded and replied to.
 */
export async function refreshSlackHome(
  context: ServiceContext,
  client: WebClient,
  userId: string,
): Promise<void> {
  try {
    const reply = await homeReply(context, userId);
    await client.views.publish({
      user_id: userId,
      view: { type: "home", blocks: renderSlackMessage(reply).blocks },
    });
  } catch (error) {
    context.logger.error({ err: error, user: userId }, "App Home not published");
  }
}

async function homeReply(context: ServiceContext, userId: string): Promise<Reply> {
  const provider = await findProvider(context, { platform: "slack", userId });
  if (!provider) {
    return textReply("private", [
      "This tab shows your CCM patients once a practice admin has registered you as a provider.",
    ]);
  }
  return providerMonthReply(await summarizeProviderMonth(context, provider.id), { home: true });
}

/** Returns true for outcomes that change the sender's month: a recorded log or an undo. */
export function changesProviderMonth(outcome: MessageOutcome | undefined): boolean {
  if (outcome?.kind === "log") return outcome.result.status === "recorded";
  if (outcome?.kind === "undo") return outcome.result.status === "undone";
  return false;
}

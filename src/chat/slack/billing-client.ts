import { WebClient } from "@slack/web-api";
import type { PostSender } from "../../jobs/outbox-worker.ts";
import type { Logger } from "../../logger.ts";
import { createSlackPostSender } from "./billing-sender.ts";
import { createBoltLogger } from "./bolt-logger.ts";

/**
 * Builds a billing-post sender from a bot token alone, for commands that post without running
 * the Bolt app (such as an import with `--notify`). The client settings match the adapter's:
 * rate-limited calls fail at once, so the outbox waits as long as Slack's Retry-After header requests.
 */
export function createSlackBillingSender(
  botToken: string,
  apiUrl: string | undefined,
  logger: Logger,
): PostSender {
  const client = new WebClient(botToken, {
    slackApiUrl: apiUrl && !apiUrl.endsWith("/") ? `${apiUrl}/` : apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    logger: createBoltLogger(logger),
  });
  return createSlackPostSender(client);
}

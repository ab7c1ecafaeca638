import type { Activity } from "botbuilder";
import { PlatformError } from "../../errors.ts";
import type { StoredConversationReference } from "../../services/teams-conversations.ts";

/** Returns the `Authorization` header for the connector, or undefined in anonymous mode. */
export type ConnectorAuthorizer = () => Promise<string | undefined>;

/** How long one connector call may take before the outbox retries it later. */
const requestTimeoutMs = 15_000;

/**
 * Proactive posts through the Bot Connector REST API (`v3/conversations`), for the outbox.
 *
 * botbuilder's ConnectorClient retries 5xx and 429 responses inside the call, sleeping for the
 * Retry-After time, and offers no option to turn that off. The outbox already retries with
 * back-off and honours Retry-After without holding a worker, so these calls fail at once and
 * leave the retrying to it, as the Slack sender does.
 */
export class ProactiveConnectorClient {
  constructor(private readonly authorize: ConnectorAuthorizer) {}

  /** Posts a new message to the conversation (a new thread in a channel); returns its id. */
  async send(
    reference: StoredConversationReference,
    activity: Partial<Activity>,
  ): Promise<string | undefined> {
    const url = activitiesUrl(reference);
    const body = await this.request("POST", url, withReference(reference, activity));
    return typeof body.id === "string" ? body.id : undefined;
  }

  /** Replaces an earlier message of the bot, such as a billing post whose claim was voided. */
  async update(
    reference: StoredConversationReference,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<void> {
    const url = `${activitiesUrl(reference)}/${encodeURIComponent(activityId)}`;
    await this.request("PUT", url, { ...withReference(reference, activity), id: activityId });
  }

  private async request(
    method: "POST" | "PUT",
    url: string,
    activity: Partial<Activity>,
  ): Promise<Record<string, unknown>> {
    const authorization = await this.authorize().catch((error: unknown) => {
      throw new PlatformError("Teams connector token not obtained", undefined, { cause: error });
    });
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          "content-type": "application/json",
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new PlatformError(
        `Teams connector unreachable: ${(error as Error).message}`,
        undefined,
        {
          cause: error,
        },
      );
    }
    if (!response.ok) throw await connectorError(method, response);
    const text = await response.text();
    return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  }
}

function activitiesUrl(reference: StoredConversationReference): string {
  const base = reference.serviceUrl.endsWith("/")
    ? reference.serviceUrl
    : `${reference.serviceUrl}/`;
  return `${base}v3/conversations/${encodeURIComponent(reference.conversation.id)}/activities`;
}

function withReference(
  reference: StoredConversationReference,
  activity: Partial<Activity>,
): Partial<Activity> {
  return {
    ...activity,
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    from: { id: reference.bot.id, name: reference.bot.name ?? "" },
    conversation: reference.conversation as Activity["conversation"],
  };
}

/**
 * Converts a failed call into a PlatformError. 401 and 403 (an expired or revoked bot credential),
 * 429 and 5xx are all retried by the outbox; Retry-After is kept when the connector sends it.
 */
async function connectorError(method: string, response: Response): Promise<PlatformError> {
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  const detail = await response.text().catch(() => "");
  const code = /"code"\s*:\s*"([^"]{1,80})"/.exec(detail)?.[1];
  const reason = code ? ` (${code})` : "";
  return new PlatformError(
    `Teams connector rejected ${method} with HTTP ${response.status}${reason}`,
    retryAfter,
  );
}

/** Retry-After is either whole seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

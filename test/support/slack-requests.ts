import { createHmac } from "node:crypto";

export const testSigningSecret = "test-signing-secret";

export interface SignedRequestOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string>;
}

/** Posts a body to Bolt with Slack's v0 signature: HMAC-SHA256 of `v0:timestamp:body`. */
export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SignedRequestOptions = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = createHmac("sha256", options.secret ?? testSigningSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex");
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": `v0=${signature}`,
      ...options.headers,
    },
    body,
  });
}

let eventCounter = 0;

/** An Events API envelope around a `message` event. */
export function messageEvent(fields: {
  text?: string;
  user?: string;
  channel?: string;
  ts: string;
  channelType?: string;
  threadTs?: string;
  botId?: string;
  subtype?: string;
  eventId?: string;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  eventCounter += 1;
  return {
    token: "unused",
    team_id: "T1",
    api_app_id: "A1",
    type: "event_callback",
    event_id: fields.eventId ?? `Ev${eventCounter}`,
    event_time: Math.floor(Number(fields.ts)),
    event: {
      type: "message",
      channel: fields.channel ?? "CCARE",
      channel_type: fields.channelType ?? "channel",
      user: fields.user,
      text: fields.text,
      ts: fields.ts,
      event_ts: fields.ts,
      ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
      ...(fields.botId ? { bot_id: fields.botId } : {}),
      ...(fields.subtype ? { subtype: fields.subtype } : {}),
      ...fields.extra,
    },
  };
}

/** Builds an Events API envelope around `app_home_opened`, which Slack sends when a user opens a tab of the app. */
export function appHomeOpenedEvent(fields: {
  user: string;
  tab?: "home" | "messages";
}): Record<string, unknown> {
  eventCounter += 1;
  return {
    token: "unused",
    team_id: "T1",
    api_app_id: "A1",
    type: "event_callback",
    event_id: `EvHome${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: "app_home_opened",
      user: fields.user,
      channel: "DHOME",
      tab: fields.tab ?? "home",
      event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    },
  };
}

export async function postEvent(
  url: string,
  envelope: Record<string, unknown>,
  options: SignedRequestOptions = {},
) {
  return postSigned(`${url}/slack/events`, JSON.stringify(envelope), "application/json", options);
}

/** A `/ccm` slash command as Slack posts it (form-encoded). */
export async function postCommand(
  url: string,
  fields: { text: string; user?: string; channel?: string; responseUrl: string },
  options: SignedRequestOptions = {},
): Promise<Response> {
  const form = new URLSearchParams({
    token: "unused",
    team_id: "T1",
    channel_id: fields.channel ?? "CCARE",
    user_id: fields.user ?? "UADMIN",
    user_name: "tester",
    command: "/ccm",
    text: fields.text,
    response_url: fields.responseUrl,
    trigger_id: "trigger-1",
  });
  return postSigned(
    `${url}/slack/events`,
    form.toString(),
    "application/x-www-form-urlencoded",
    options,
  );
}

/** A block_actions payload for a button press. */
export async function postButton(
  url: string,
  fields: {
    actionId: string;
    value: string;
    user?: string;
    channel?: string;
    responseUrl: string;
    ephemeral?: boolean;
  },
  options: SignedRequestOptions = {},
): Promise<Response> {
  const payload = {
    type: "block_actions",
    team: { id: "T1" },
    user: { id: fields.user ?? "UADMIN" },
    api_app_id: "A1",
    token: "unused",
    container: {
      type: "message",
      channel_id: fields.channel ?? "CCARE",
      is_ephemeral: fields.ephemeral ?? false,
    },
    channel: { id: fields.channel ?? "CCARE" },
    trigger_id: "trigger-2",
    response_url: fields.responseUrl,
    actions: [
      {
        type: "button",
        action_id: fields.actionId,
        block_id: "b1",
        value: fields.value,
        action_ts: "1",
      },
    ],
  };
  const form = new URLSearchParams({ payload: JSON.stringify(payload) });
  return postSigned(
    `${url}/slack/events`,
    form.toString(),
    "application/x-www-form-urlencoded",
    options,
  );
}

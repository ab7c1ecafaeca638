import { createHmac } from "node:crypto";
import { instantFromLocalTime } from "../../src/time/calendar.ts";

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

/** Posts a signed view_submission payload for a modal, with its input state and private metadata. */
export async function postViewSubmission(
  url: string,
  fields: {
    callbackId: string;
    values: Record<string, Record<string, Record<string, unknown>>>;
    privateMetadata?: string;
    user?: string;
  },
  options: SignedRequestOptions = {},
): Promise<Response> {
  const payload = {
    type: "view_submission",
    team: { id: "T1", domain: "test" },
    user: { id: fields.user ?? "UADMIN", name: "tester", team_id: "T1" },
    api_app_id: "A1",
    token: "unused",
    trigger_id: "trigger-3",
    view: {
      id: "V1",
      team_id: "T1",
      type: "modal",
      callback_id: fields.callbackId,
      private_metadata: fields.privateMetadata ?? "",
      state: { values: fields.values },
      hash: "h1",
      title: { type: "plain_text", text: "Form" },
      blocks: [],
      app_id: "A1",
      bot_id: "BBOT",
    },
  };
  const form = new URLSearchParams({ payload: JSON.stringify(payload) });
  return postSigned(
    `${url}/slack/events`,
    form.toString(),
    "application/x-www-form-urlencoded",
    options,
  );
}

function envelope(event: Record<string, unknown>, eventId?: string): Record<string, unknown> {
  eventCounter += 1;
  return {
    token: "unused",
    team_id: "T1",
    api_app_id: "A1",
    type: "event_callback",
    event_id: eventId ?? `Ev${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  };
}

/** A `message_changed` event: the message at `ts` now reads `text`, edited at `editedTs`. */
export function messageChangedEvent(fields: {
  ts: string;
  text?: string;
  previousText?: string;
  editedTs?: string;
  user?: string;
  channel?: string;
  botId?: string;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  const channel = fields.channel ?? "CCARE";
  const message = {
    type: "message",
    user: fields.user ?? "UADMIN",
    text: fields.text,
    ts: fields.ts,
    ...(fields.editedTs ? { edited: { user: fields.user ?? "UADMIN", ts: fields.editedTs } } : {}),
    ...(fields.botId ? { bot_id: fields.botId } : {}),
    ...fields.extra,
  };
  return envelope({
    type: "message",
    subtype: "message_changed",
    hidden: true,
    channel,
    channel_type: "channel",
    ts: fields.editedTs ?? fields.ts,
    event_ts: fields.editedTs ?? fields.ts,
    message,
    previous_message: {
      type: "message",
      user: message.user,
      text: fields.previousText,
      ts: fields.ts,
    },
  });
}

/** A `message_deleted` event for the message at `deletedTs`. */
export function messageDeletedEvent(fields: {
  deletedTs: string;
  previousText?: string;
  user?: string;
  channel?: string;
}): Record<string, unknown> {
  return envelope({
    type: "message",
    subtype: "message_deleted",
    hidden: true,
    channel: fields.channel ?? "CCARE",
    channel_type: "channel",
    ts: fields.deletedTs,
    deleted_ts: fields.deletedTs,
    previous_message: {
      type: "message",
      user: fields.user ?? "UADMIN",
      text: fields.previousText,
      ts: fields.deletedTs,
    },
  });
}

/** An `app_mention` event, which Slack sends beside the `message` event of the same post. */
export function appMentionEvent(fields: {
  text: string;
  ts: string;
  user?: string;
  channel?: string;
}): Record<string, unknown> {
  return envelope({
    type: "app_mention",
    user: fields.user ?? "UADMIN",
    text: fields.text,
    ts: fields.ts,
    channel: fields.channel ?? "CCARE",
    event_ts: fields.ts,
  });
}

/** Slack `ts` for New York wall time, with a sequence number in the microseconds. */
export function slackTsAt(wallTime: string, sequence = 1): string {
  const seconds = Math.floor(instantFromLocalTime(wallTime, "America/New_York").getTime() / 1000);
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

/** The text and blocks of a recorded Slack call, as one string to search. */
export function postedText(params: Record<string, unknown>): string {
  return JSON.stringify([params.text, params.blocks]);
}

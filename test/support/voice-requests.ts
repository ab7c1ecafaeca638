import type { VoiceAnswer } from "../../src/chat/voice/voice-answer.ts";
import type { SlackBotHarness } from "./slack-bot.ts";
import { postCommand } from "./slack-requests.ts";

/** A voice token as `/ccm voice-token` prints it. */
export const voiceTokenPattern = /ccmv_[A-Za-z0-9_-]{43}/;

export interface VoiceResponse {
  status: number;
  headers: Headers;
  body: VoiceAnswer;
}

/** Posts a JSON body to `/voice/log`, with `Authorization: Bearer <token>` when a token is given. */
export async function postVoice(
  url: string,
  body: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<VoiceResponse> {
  const response = await fetch(`${url}/voice/log`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as VoiceAnswer,
  };
}

let commandCounter = 0;

/**
 * Runs `/ccm <text>` as `user` through the signed Slack command path and returns the private
 * answer's text and blocks as one JSON string.
 */
export async function runSlackCommand(
  harness: SlackBotHarness,
  text: string,
  user = "UADMIN",
): Promise<string> {
  commandCounter += 1;
  const id = `voice-command-${commandCounter}`;
  const response = await postCommand(harness.url, {
    text,
    user,
    responseUrl: harness.fake.responseUrl(id),
  });
  if (response.status !== 200) throw new Error(`/ccm ${text} returned HTTP ${response.status}`);
  await harness.fake.waitFor((calls) =>
    calls.some((call) => call.method === `response:/response/${id}`),
  );
  const answer = harness.fake.callsTo(`response:/response/${id}`)[0];
  return JSON.stringify([answer?.params.text, answer?.params.blocks]);
}

/** Creates a voice token for `user` with `/ccm voice-token` and returns it. */
export async function createVoiceTokenFor(
  harness: SlackBotHarness,
  user = "UADMIN",
): Promise<string> {
  const answer = await runSlackCommand(harness, "voice-token", user);
  const token = voiceTokenPattern.exec(answer)?.[0];
  if (!token) throw new Error(`No voice token in the answer: ${answer}`);
  return token;
}

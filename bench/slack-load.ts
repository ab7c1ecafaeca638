import { performance } from "node:perf_hooks";
import { messageEvent, postEvent } from "../test/support/slack-requests.ts";

/** One message event of an open-loop run and what became of it. */
export interface EventRecord {
  ts: string;
  /** Scheduled send time, in epoch milliseconds with sub-millisecond precision. */
  scheduledAt: number;
  /** Actual send time, on the same clock as `scheduledAt`. */
  sentAt: number;
  /** HTTP status of the acknowledgement, 0 when the request failed. */
  status: number;
  /** Time from sending to the end of the HTTP response. */
  ackMs: number;
  /** Reason the request got no response, such as `UND_ERR_CONNECT_TIMEOUT`. */
  failure?: string;
}

export interface LoadEvent {
  ts: string;
  user: string;
  text: string;
}

/**
 * Sends signed `message` events to `${baseUrl}/slack/events` at `ratePerSecond`, open loop: each
 * event leaves at its scheduled time whether or not earlier ones got a response, as Slack sends
 * them. Resolves when every request has a response or has failed.
 */
export async function sendOpenLoop(
  baseUrl: string,
  events: readonly LoadEvent[],
  ratePerSecond: number,
): Promise<EventRecord[]> {
  const intervalMs = 1000 / ratePerSecond;
  const start = epochNow();
  const records: EventRecord[] = [];
  const requests: Promise<void>[] = [];
  for (const [position, event] of events.entries()) {
    const scheduledAt = start + position * intervalMs;
    const waitMs = scheduledAt - epochNow();
    // setTimeout cannot wait less than about a millisecond; shorter waits send at once.
    if (waitMs >= 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const record: EventRecord = {
      ts: event.ts,
      scheduledAt,
      sentAt: epochNow(),
      status: 0,
      ackMs: Number.NaN,
    };
    records.push(record);
    requests.push(send(baseUrl, event, record));
  }
  await Promise.all(requests);
  return records;
}

async function send(baseUrl: string, event: LoadEvent, record: EventRecord): Promise<void> {
  const envelope = messageEvent({ text: event.text, user: event.user, ts: event.ts });
  try {
    const response = await postEvent(baseUrl, envelope);
    await response.arrayBuffer();
    record.status = response.status;
  } catch (error) {
    record.status = 0;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    record.failure = cause?.code ?? cause?.message ?? (error as Error).message;
  }
  record.ackMs = epochNow() - record.sentAt;
}

/**
 * Returns the time in epoch milliseconds with sub-millisecond precision. Unlike
 * `performance.now()` alone, it compares across processes, such as with the fake Slack's times.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Waits until `isDone` returns true or `timeoutMs` passes; returns whether it became true. */
export async function waitUntil(isDone: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!isDone()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** Builds a Slack `ts` for second `seconds` with `sequence` in the microseconds, unique per event. */
export function slackTs(seconds: number, sequence: number): string {
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

import { tzOffset } from "@date-fns/tz";
import { formatDate } from "../time/calendar.ts";

/** The practice's calendar date and UTC offset at one instant. */
export interface ZoneClock {
  /** Local date as YYYY-MM-DD. */
  today: string;
  /** Offset from UTC in minutes, as chrono-node's `timezone` expects (New York in summer: -240). */
  offsetMinutes: number;
}

let lastReading: { time: number; timeZone: string; clock: ZoneClock } | null = null;

/**
 * Reads the local date and UTC offset of `timeZone` at `instant`; same results as localDateOf
 * and utcOffsetMinutes in time/calendar.ts, at a fraction of the cost. The last reading is kept
 * because a batch (`ccm parse --now`) parses every message at the same instant.
 * Throws RangeError for a time zone that the runtime does not know.
 */
export function readZoneClock(instant: Date, timeZone: string): ZoneClock {
  const time = instant.getTime();
  if (lastReading !== null && lastReading.time === time && lastReading.timeZone === timeZone) {
    return lastReading.clock;
  }
  const offsetMinutes = tzOffset(timeZone, instant);
  if (!Number.isFinite(offsetMinutes) || !Number.isFinite(time)) {
    throw new RangeError(`Invalid time zone "${timeZone}" or instant`);
  }
  const local = new Date(time + offsetMinutes * 60_000);
  const today = formatDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
  const clock = { today, offsetMinutes };
  lastReading = { time, timeZone, clock };
  return clock;
}

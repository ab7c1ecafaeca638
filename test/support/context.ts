import { Writable } from "node:stream";
import type { Database } from "../../db/client.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { RosterCache } from "../../src/services/roster.ts";
import { instantFromLocalTime } from "../../src/time/calendar.ts";

/** A pino logger whose JSON lines are kept in `lines`, so tests can check what was logged. */
export function captureLogger(level = "info"): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(
        ...String(chunk)
          .split("\n")
          .filter((line) => line !== ""),
      );
      callback();
    },
  });
  return { logger: createLogger(level, destination), lines };
}

/** A clock that tests move by hand. */
export class TestClock {
  constructor(private current: Date) {}

  now = (): Date => new Date(this.current);

  set(instant: Date): void {
    this.current = instant;
  }

  /** Sets local wall time in `timeZone`, such as `2026-03-10T15:00`. */
  setLocal(wallTime: string, timeZone = "America/New_York"): void {
    this.current = instantFromLocalTime(wallTime, timeZone);
  }
}

export interface TestContextOptions {
  clock?: TestClock;
  timeZone?: string;
  billingChannel?: string;
  admins?: string[];
  logger?: Logger;
}

export function createTestContext(db: Database, options: TestContextOptions = {}): ServiceContext {
  const timeZone = options.timeZone ?? "America/New_York";
  const clock = options.clock ?? new TestClock(instantFromLocalTime("2026-03-10T15:00", timeZone));
  return {
    db,
    timeZone,
    now: clock.now,
    logger: options.logger ?? captureLogger("warn").logger,
    roster: new RosterCache(),
    admins: options.admins ?? ["UADMIN"],
    billingChannel: options.billingChannel ?? "CBILLING",
  };
}

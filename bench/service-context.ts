import type { Database } from "../db/client.ts";
import { createLogger } from "../src/logger.ts";
import type { ServiceContext } from "../src/services/context.ts";
import { RosterCache } from "../src/services/roster.ts";
import { instantFromLocalTime } from "../src/time/calendar.ts";

/** The practice zone of every benchmark. */
export const benchTimeZone = "America/New_York";

/**
 * The benchmarks' "now": 24 March 2026, 15:00 in New York. Eight days are left in the month, so
 * the digest also runs its query for patients without minutes.
 */
export const benchNow = instantFromLocalTime("2026-03-24T15:00", benchTimeZone);

/** The local date of `benchNow`. */
export const benchToday = "2026-03-24";

/** Creates a service context as the bot builds one, with a fixed clock and a silent logger. */
export function createBenchContext(db: Database): ServiceContext {
  return {
    db,
    timeZone: benchTimeZone,
    now: () => benchNow,
    logger: createLogger("silent"),
    roster: new RosterCache(),
    admins: [],
    billingChannel: "CBILLING",
  };
}

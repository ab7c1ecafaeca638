import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../../logger.ts";

/**
 * Routes Bolt's and the Web API client's logs into pino. Their debug level prints whole request
 * bodies, which hold patients' names and notes, so debug lines are dropped at every LOG_LEVEL.
 */
export function createBoltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: "slack" });
  let name = "bolt";
  const join = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(" ");
  return {
    debug: () => {},
    info: (...parts) => child.info({ source: name }, join(parts)),
    warn: (...parts) => child.warn({ source: name }, join(parts)),
    error: (...parts) => child.error({ source: name }, join(parts)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: (newName) => {
      name = newName;
    },
  };
}

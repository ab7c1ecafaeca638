import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../../logger.ts";

/**
 * The excerpt of a request body that V8 puts in JSON syntax errors, which Bolt logs when a body
 * does not parse: `Unexpected token 'x', "{"text":"20 min wi"... is not valid JSON`. A body can
 * hold a patient's name, so the excerpt is cut.
 */
const bodyExcerpt = /, ".*?"(?:\.\.\.)? is not valid JSON/gs;

/**
 * Routes Bolt's and the Web API client's logs into pino. Their debug level prints whole request
 * bodies, which hold patients' names and notes, so debug lines are dropped at every LOG_LEVEL.
 */
export function createBoltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: "slack" });
  let name = "bolt";
  const join = (parts: unknown[]) =>
    parts
      .map((part) => (part instanceof Error ? part.message : String(part)))
      .join(" ")
      .replace(bodyExcerpt, " is not valid JSON");
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

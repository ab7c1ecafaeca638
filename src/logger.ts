import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Field paths pino blanks out wherever they appear. Tokens and secrets must never reach a log,
 * and neither may patient names or the free text of a message, which can hold health details.
 */
const redactedPaths = [
  "token",
  "botToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "password",
  "signingSecret",
  "text",
  "*.text",
  "note",
  "*.note",
  "name",
  "*.name",
  "patientName",
];

/** Creates the process logger; tests pass a destination to capture the JSON lines. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: "ccm-bot" }, redact: { paths: redactedPaths } };
  return destination ? pino(options, destination) : pino(options);
}

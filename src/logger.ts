import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Field paths pino blanks out wherever they appear. Tokens and secrets must never reach a log,
 * and neither may patient names or the free text of a message, which can hold health details.
 * `name` is blanked at the top level and under each key that contains a person or a roster row,
 * but not as `*.name`, because that path would also blank `err.name` and `error.name`, the error
 * type. A name under any other key is not blanked, so log ids rather than objects.
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
  "patient.name",
  "patients[*].name",
  "candidate.name",
  "candidates[*].name",
  "row.name",
  "rows[*].name",
  "user.name",
  "provider.name",
  "patientName",
  "*.patientName",
];

/**
 * Serializes an error without the values of a failed query. drizzle-orm 0.45 wraps driver errors
 * in DrizzleQueryError, whose `params` field, message and stack list the query's parameters,
 * which hold patient names and notes. The SQL text has placeholders only, so it stays.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error) || !("params" in error) || !("query" in error)) {
    return pino.stdSerializers.err(error as Error);
  }
  const clean = new Error(`Failed query: ${String(error.query)}`, { cause: error.cause });
  clean.name = error.name;
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("at "));
  clean.stack = [`${clean.name}: ${clean.message}`, ...frames].join("\n");
  return pino.stdSerializers.err(clean);
}

/** Creates the process logger; tests pass a destination to capture the JSON lines. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "ccm-bot" },
    redact: { paths: redactedPaths },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

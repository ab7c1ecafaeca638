import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { z } from "zod";
import { CcmError } from "../errors.ts";
import {
  buildRosterIndex,
  type ParseContext,
  type ParsedMessage,
  parseMessage,
} from "../parse/index.ts";
import type { RosterEntry } from "../patients/types.ts";
import { instantFromLocalTime, isValidTimeZone } from "../time/calendar.ts";

/** Options of `ccm parse`. */
export interface ParseCommandOptions {
  /** Path of the roster JSON file: `[{"id", "name", "mrn", "aliases"}]`. */
  roster: string;
  /** Reference time as local wall time in `tz` (`2026-03-10T15:00:00`); default: now. */
  now?: string;
  /** IANA time zone of the practice. */
  tz: string;
  /** Each input line is a JSON object whose `text` field is the message. */
  jsonl: boolean;
}

/**
 * A bad option (`invalid_option`) or roster file (`invalid_roster`). The message names the
 * value and the fix, so the command line can print it as it is.
 */
export class ParseCommandError extends CcmError {}

const rosterSchema = z.array(
  z.object({
    id: z.union([z.string().min(1), z.number().int()]).transform(String),
    name: z.string(),
    mrn: z.union([z.string(), z.number().int()]).transform(String),
    aliases: z.array(z.string()).optional(),
  }),
);

const jsonlLineSchema = z.looseObject({ text: z.string() });

/**
 * Runs `ccm parse`: reads one message per input line and writes one JSON object per line, in
 * input order, with the contract fields only (intent, minutes, date, patient, note, error).
 * With `jsonl`, a line that is not a JSON object with a string `text` gives an
 * `invalid_input` error in its place. Throws ParseCommandError for a bad roster or option.
 */
export async function runParseCommand(
  options: ParseCommandOptions,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<void> {
  const context = await createContext(options);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const result = options.jsonl ? parseJsonLine(line, context) : parseMessage(line, context);
    await writeLine(output, `${JSON.stringify(toContractFields(result))}\n`);
  }
}

async function createContext(options: ParseCommandOptions): Promise<ParseContext> {
  if (!isValidTimeZone(options.tz)) {
    throw new ParseCommandError(
      `Invalid --tz "${options.tz}": expected an IANA time zone such as America/New_York.`,
      "invalid_option",
    );
  }
  const instant = options.now === undefined ? new Date() : readNow(options.now, options.tz);
  const roster = await readRoster(options.roster);
  return { instant, timeZone: options.tz, roster: buildRosterIndex(roster) };
}

function readNow(now: string, timeZone: string): Date {
  try {
    return instantFromLocalTime(now, timeZone);
  } catch {
    throw new ParseCommandError(
      `Invalid --now "${now}": expected local time as YYYY-MM-DDTHH:MM[:SS], such as 2026-03-10T15:00:00.`,
      "invalid_option",
    );
  }
}

/** Reads and validates the roster file; errors name the file and the first problem. */
export async function readRoster(path: string): Promise<RosterEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ParseCommandError(`Cannot read roster file ${path}: ${reason}`, "invalid_roster", {
      cause: error,
    });
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ParseCommandError(
      `Invalid roster file ${path}: not valid JSON (${reason}).`,
      "invalid_roster",
      { cause: error },
    );
  }

  const parsed = rosterSchema.safeParse(data);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where =
      issue === undefined || issue.path.length === 0 ? "top level" : issue.path.join(".");
    throw new ParseCommandError(
      `Invalid roster file ${path} at ${where}: ${issue?.message ?? "invalid"}. Expected an array of {"id", "name", "mrn", "aliases"}.`,
      "invalid_roster",
    );
  }
  return parsed.data;
}

type OutputLine =
  | ParsedMessage
  | { intent: "none"; error: { code: "invalid_input"; message: string } };

function parseJsonLine(line: string, context: ParseContext): OutputLine {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return invalidInput("Invalid input line: not valid JSON. Write one JSON object per line.");
  }
  const parsed = jsonlLineSchema.safeParse(data);
  if (!parsed.success) {
    return invalidInput('Invalid input line: expected a JSON object with a string "text" field.');
  }
  return parseMessage(parsed.data.text, context);
}

function invalidInput(message: string): OutputLine {
  return { intent: "none", error: { code: "invalid_input", message } };
}

/** Copies the contract fields in their documented order, leaving out absent ones. */
function toContractFields(result: OutputLine): Record<string, unknown> {
  const fields: Record<string, unknown> = { intent: result.intent };
  if ("minutes" in result && result.minutes !== undefined) fields.minutes = result.minutes;
  if ("date" in result && result.date !== undefined) fields.date = result.date;
  if ("patient" in result && result.patient !== undefined) fields.patient = result.patient;
  if ("note" in result && result.note !== undefined) fields.note = result.note;
  if (result.error !== undefined) {
    fields.error = { code: result.error.code, message: result.error.message };
  }
  return fields;
}

/** Writes one chunk and waits for the stream to drain when its buffer is full. */
async function writeLine(output: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (output.write(chunk)) return;
  await new Promise<void>((resolve) => output.once("drain", () => resolve()));
}

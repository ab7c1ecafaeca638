import { z } from "zod";

/** Longest dictated sentence accepted; a spoken log is one or two sentences. */
export const maxTextLength = 1000;

/** A whole number, also as a string of digits, which form builders such as Shortcuts may send. */
const positiveInteger = z.union(
  [
    z.number().int().positive(),
    z
      .string()
      .regex(/^\d{1,9}$/)
      .transform(Number),
  ],
  { error: "must be a positive whole number" },
);

/** A client's id for a request: printable ASCII without spaces, such as a UUID. */
const requestId = z
  .string()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces, such as a UUID");

const logBodySchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(maxTextLength, `must be at most ${maxTextLength} characters`),
  id: requestId.optional(),
});

const choiceBodySchema = z
  .strictObject({
    pendingLogId: positiveInteger,
    choice: positiveInteger.optional(),
    mrn: z
      .string()
      .trim()
      .regex(/^\d{3,15}$/, "must be the MRN's digits")
      .optional(),
    answer: z.string().trim().min(1, "must not be empty").max(200).optional(),
    id: requestId.optional(),
  })
  .refine(
    (body) =>
      [body.choice, body.mrn, body.answer].filter((value) => value !== undefined).length === 1,
    { message: "send exactly one of choice, mrn or answer" },
  );

export type VoiceRequestBody =
  | ({ kind: "log" } & z.infer<typeof logBodySchema>)
  | ({ kind: "choice" } & z.infer<typeof choiceBodySchema>);

export type ParsedBody = { ok: true; body: VoiceRequestBody } | { ok: false; message: string };

const logExample = '{"text": "twenty minutes with Jane Doe, care plan review"}';
const choiceExample = '{"pendingLogId": 12, "choice": 2}';

/**
 * Checks a `POST /voice/log` body: a dictated `text`, or a follow-up that picks the patient of
 * a waiting log. A failure message names the field, the problem and an example of a valid body.
 */
export function parseVoiceBody(raw: unknown): ParsedBody {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      message: `Invalid request body: expected a JSON object sent with Content-Type: application/json, such as ${logExample}.`,
    };
  }
  if ("pendingLogId" in raw) {
    const parsed = choiceBodySchema.safeParse(raw);
    if (parsed.success) return { ok: true, body: { kind: "choice", ...parsed.data } };
    return { ok: false, message: describeIssue(parsed.error, raw, choiceExample) };
  }
  const parsed = logBodySchema.safeParse(raw);
  if (parsed.success) return { ok: true, body: { kind: "log", ...parsed.data } };
  return { ok: false, message: describeIssue(parsed.error, raw, logExample) };
}

function describeIssue(error: z.ZodError, raw: object, example: string): string {
  const issue = error.issues[0];
  const field = issue?.path.join(".") ?? "";
  let problem: string;
  if (issue?.code === "unrecognized_keys") {
    problem = `unknown field ${issue.keys.map((key) => `"${key}"`).join(", ")}`;
  } else if (field !== "" && !(field in raw)) {
    problem = `missing field "${field}"`;
  } else if (issue?.code === "invalid_type") {
    problem = `field "${field}" must be a ${issue.expected}`;
  } else {
    problem =
      field === "" ? (issue?.message ?? "unreadable") : `field "${field}" ${issue?.message}`;
  }
  return `Invalid request body: ${problem}. Send a body such as ${example}.`;
}

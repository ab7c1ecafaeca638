import { type PatientResolution, resolvePatient } from "../patients/resolve-patient.ts";
import type { RosterIndex } from "../patients/roster-index.ts";
import { findSignatureStart } from "../patients/signature-line.ts";
import { cleanMessageText } from "./clean-text.ts";
import { type DurationScan, scanDurations } from "./duration.ts";
import { totalDuration } from "./duration-total.ts";
import {
  durationError,
  futureDateError,
  invalidDateError,
  missingPatientError,
  multiplePatientsError,
} from "./error-messages.ts";
import { hasCareActivity, hasSocialActivity, isTotalQuestion, isUndoRequest } from "./intent.ts";
import { maskClinicalValues, maskSpans } from "./mask-text.ts";
import { buildNote } from "./note.ts";
import { findServiceDate } from "./service-date.ts";
import type { ParsedMessage } from "./types.ts";

/** Context that a message is parsed against. */
export interface ParseContext {
  /** When the message was sent; relative dates ("yesterday") count from it. */
  instant: Date;
  /** The practice's IANA time zone, in which service dates are calendar dates. */
  timeZone: string;
  roster: RosterIndex;
  /**
   * Called with the error when a parsing step throws, which only a bug does; the message is then
   * parsed as small talk. Callers log it, and property tests use it to prove that no step throws.
   */
  onInternalError?: (error: unknown) => void;
}

/**
 * Parses one chat message into an intent with minutes, service date, patient and note. The
 * steps run in order: clean-up, undo, patient, durations, question, log decision, date, note.
 * Never throws: any input, however odd, gives at worst `{ intent: "none" }`.
 */
export function parseMessage(text: string, context: ParseContext): ParsedMessage {
  if (typeof text !== "string") return { intent: "none" };
  try {
    const cleaned = cleanMessageText(text);
    return parseCleanText(cleaned.slice(0, findSignatureStart(cleaned)).trimEnd(), context);
  } catch (error) {
    // No expected failure throws in the steps. This guard keeps a bug from stopping the chat
    // adapter, which then treats the message as small talk.
    context.onInternalError?.(error);
    return { intent: "none" };
  }
}

function parseCleanText(text: string, context: ParseContext): ParsedMessage {
  if (text === "") return { intent: "none" };
  if (isUndoRequest(text)) return { intent: "undo" };

  const patient = resolvePatient(text, context.roster);
  const durations = scanDurations(maskSpans(text, patient.nameSpans));
  if (isTotalQuestion(text) && !hasDuration(durations)) {
    return patient.reference === null
      ? { intent: "query" }
      : { intent: "query", patient: patient.reference };
  }
  if (!isLog(text, patient, durations)) return { intent: "none" };
  return buildLog(text, patient, durations, context);
}

/**
 * Decides whether a message is a log. A log needs a service duration with a patient or a care
 * activity, or a care activity with a patient (then the duration is reported missing). A duration with a name that is not on the
 * roster and no care word is small talk when it mentions lunch, a meeting and the like.
 */
function isLog(text: string, patient: PatientResolution, durations: DurationScan): boolean {
  const reference = patient.reference;
  const isCare = hasCareActivity(text);
  if (!hasDuration(durations)) return reference !== null && isCare;
  if (reference === null) return isCare;
  if (reference.status === "unknown" && !isCare) return !hasSocialActivity(text);
  return true;
}

function buildLog(
  text: string,
  patient: PatientResolution,
  durations: DurationScan,
  context: ParseContext,
): ParsedMessage {
  const durationSpans = [
    ...durations.mentions.map((mention) => mention.span),
    ...durations.ranges,
    ...durations.negated,
  ];
  const dateText = maskClinicalValues(
    maskSpans(text, [...patient.nameSpans, ...durationSpans, ...durations.ignored]),
  );
  const outcome = totalDuration(durations);
  const workSpans = patient.span === null ? durationSpans : [patient.span, ...durationSpans];
  const serviceDate = findServiceDate(dateText, context, workSpans);

  const parsed: ParsedMessage = { intent: "log" };
  if (outcome.ok && !patient.namesOtherPatient) parsed.minutes = outcome.minutes;
  if (serviceDate.ok) parsed.date = serviceDate.date;
  if (patient.reference !== null) parsed.patient = patient.reference;
  const note = buildNote(text, [patient.span, ...durationSpans, serviceDate.span]);
  if (note !== "") parsed.note = note;

  if (!outcome.ok) {
    parsed.error = durationError(outcome);
  } else if (patient.namesOtherPatient) {
    parsed.error = multiplePatientsError();
  } else if (patient.reference === null) {
    parsed.error = missingPatientError();
  } else if (!serviceDate.ok) {
    parsed.error =
      serviceDate.code === "invalid_date"
        ? invalidDateError(serviceDate.text)
        : futureDateError(serviceDate.date);
  }
  return parsed;
}

function hasDuration(durations: DurationScan): boolean {
  return (
    durations.mentions.length > 0 || durations.ranges.length > 0 || durations.negated.length > 0
  );
}

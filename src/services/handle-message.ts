import { buildRosterIndex, parseMessage, type RosterIndex } from "../parse/index.ts";
import type { ParsedMessage } from "../parse/types.ts";
import type { ServiceContext } from "./context.ts";
import { logEncounter, type MessageSource } from "./log-encounter.ts";
import type { MessageOutcome } from "./message-outcome.ts";
import { answerTotal } from "./patient-total.ts";
import { labelPatients, maxCandidates } from "./patients.ts";
import { savePendingLog } from "./pending-logs.ts";
import { claimMessage, releaseMessage } from "./processed-events.ts";
import { canLogTime, findProvider, type Provider, type UserIdentity } from "./providers.ts";
import { undoLastEncounter } from "./undo-encounter.ts";

export interface IncomingMessage {
  user: UserIdentity;
  source: MessageSource;
  text: string;
  /** When the message was sent; the reference for "today" and "yesterday". */
  instant: Date;
  /**
   * A message from history (an export import): only logs take effect, because an old "undo"
   * would void whatever the provider logged last. Nothing goes to processed events either, so a
   * message refused now (not a provider, no duration) is tried again by the next import, while
   * encounters and pending logs still record each message once by their own unique key.
   */
  replay?: boolean;
  /**
   * Set by senders that retry a request until they receive a response (the voice endpoint). A log
   * refused for a closed month or an unmatched patient is then not marked as handled, so the
   * retry gets the reason again. Chat adapters leave it unset, so a redelivery gets no reply.
   */
  repeatRefusals?: boolean;
}

/**
 * Turns one chat message into its effect: a recorded encounter, a waiting log, an undo or a total.
 * Small talk is ignored without touching the database beyond the roster check.
 */
export async function handleMessage(
  context: ServiceContext,
  message: IncomingMessage,
): Promise<MessageOutcome> {
  const roster = await readRoster(context, message);
  if (!roster) return { kind: "ignored" };
  const parsed = parseMessage(message.text, {
    instant: message.instant,
    timeZone: context.timeZone,
    roster,
    onInternalError: (error) =>
      context.logger.error({ err: error, messageId: message.source.messageId }, "parser failed"),
  });
  if (parsed.intent === "none") return { kind: "ignored" };
  if (message.replay && parsed.intent !== "log") return { kind: "ignored", intent: parsed.intent };

  const provider = await findProvider(context, message.user);
  const allowed = provider && (parsed.intent === "query" || canLogTime(provider));
  if (!provider || !allowed) {
    const first = message.replay || (await claimMessage(context, message.source));
    if (!first) return { kind: "duplicate" };
    return { kind: "not_provider", intent: parsed.intent, role: provider?.role };
  }

  if (parsed.intent === "log" && !parsed.error)
    return handleLog(context, provider, message, parsed);
  if (message.replay) return handleOther(context, provider, parsed);
  if (!(await claimMessage(context, message.source))) return { kind: "duplicate" };
  try {
    return await handleOther(context, provider, parsed);
  } catch (error) {
    // Let a redelivery of this message try again instead of being taken for a duplicate.
    await releaseMessage(context, message.source).catch(() => {});
    throw error;
  }
}

const emptyRoster = buildRosterIndex([]);

/**
 * Reads the roster, or returns undefined for small talk while the database fails. Such a message
 * needs no reply, so an outage does not make the bot reply to every chat line. Anything else
 * rethrows, so the adapter replies "not recorded".
 */
async function readRoster(
  context: ServiceContext,
  message: IncomingMessage,
): Promise<RosterIndex | undefined> {
  try {
    return await context.roster.get(context);
  } catch (error) {
    const parsed = parseMessage(message.text, {
      instant: message.instant,
      timeZone: context.timeZone,
      roster: emptyRoster,
    });
    if (parsed.intent !== "none") throw error;
    context.logger.warn(
      { err: error, messageId: message.source.messageId },
      "database unavailable; ignored a message that is not a log",
    );
    return undefined;
  }
}

async function handleOther(
  context: ServiceContext,
  provider: Provider,
  parsed: ParsedMessage,
): Promise<MessageOutcome> {
  if (parsed.intent === "undo")
    return { kind: "undo", result: await undoLastEncounter(context, provider) };
  if (parsed.intent === "query") return answerTotal(context, parsed.patient);
  const patient =
    parsed.patient?.status === "matched"
      ? (await labelPatients(context, [Number(parsed.patient.id)]))[0]
      : undefined;
  return {
    kind: "invalid_log",
    error: parsed.error ?? { code: "missing_duration", message: "No duration found." },
    patient,
  };
}

/** What a log records whichever way its patient is found. */
interface LogFields {
  minutes: number;
  serviceDate: string;
  note: string;
}

async function handleLog(
  context: ServiceContext,
  provider: Provider,
  message: IncomingMessage,
  parsed: ParsedMessage,
): Promise<MessageOutcome> {
  const fields: LogFields = {
    minutes: parsed.minutes ?? 0,
    serviceDate: parsed.date ?? "",
    note: parsed.note ?? "",
  };
  const { minutes, serviceDate } = fields;
  const reference = parsed.patient;

  if (reference?.status === "matched") {
    return logForPatient(context, provider, message, Number(reference.id), fields);
  }

  const candidateIds = reference?.status === "ambiguous" ? reference.candidates.map(Number) : [];
  if (candidateIds.length > maxCandidates) {
    if (!(await isFirstRefusal(context, message))) return { kind: "duplicate" };
    return { kind: "too_many_patients", count: candidateIds.length };
  }
  const unknownName = reference?.status === "unknown" ? reference.text : undefined;
  const pending = await savePendingLog(context, {
    provider,
    source: message.source,
    text: message.text,
    ...fields,
    candidateIds,
    unknownName,
  });
  if (!pending) return { kind: "duplicate" };
  if (candidateIds.length > 0) {
    const candidates = await labelPatients(context, candidateIds);
    return { kind: "choose_patient", pendingLogId: pending.id, minutes, serviceDate, candidates };
  }
  return {
    kind: "unknown_patient",
    pendingLogId: pending.id,
    name: unknownName ?? "",
    minutes,
    serviceDate,
  };
}

/** Records a log whose patient the parser matched, or keeps it waiting for enrollment. */
async function logForPatient(
  context: ServiceContext,
  provider: Provider,
  message: IncomingMessage,
  patientId: number,
  fields: LogFields,
): Promise<MessageOutcome> {
  const result = await logEncounter(context, {
    patientId,
    provider,
    ...fields,
    source: message.source,
  });
  if (result.status === "duplicate") return { kind: "duplicate" };
  if (result.status !== "refused") return { kind: "log", result };

  if (result.code === "patient_not_found" || result.code === "month_closed") {
    if (!(await isFirstRefusal(context, message))) return { kind: "duplicate" };
    return { kind: "log", result };
  }

  // Kept until the patient is enrolled through the refusal's Enroll button. The waiting log's
  // unique message key makes a redelivery a duplicate.
  const pending = await savePendingLog(context, {
    provider,
    source: message.source,
    text: message.text,
    ...fields,
    candidateIds: [patientId],
  });
  return pending ? { kind: "log", result, pendingLogId: pending.id } : { kind: "duplicate" };
}

/**
 * Marks a message whose log was refused without leaving a row behind as handled. Returns false
 * when an earlier delivery of the same message was refused already, so the retry gets no second
 * reply. New text of the same message still counts, because edits go to `applyMessageEdit`.
 */
async function isFirstRefusal(context: ServiceContext, message: IncomingMessage): Promise<boolean> {
  if (message.replay || message.repeatRefusals) return true;
  return claimMessage(context, message.source);
}

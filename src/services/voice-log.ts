import { monthOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";
import { findEncounterBySource } from "./encounter-source.ts";
import { handleMessage } from "./handle-message.ts";
import type { MessageSource } from "./log-encounter.ts";
import type { MessageOutcome } from "./message-outcome.ts";
import { summarizeMonth } from "./month-summary.ts";
import { labelPatients } from "./patients.ts";
import { findPendingLogBySource } from "./pending-logs.ts";
import type { Provider } from "./providers.ts";

export interface VoiceLogInput {
  provider: Provider;
  /** The dictated sentence. */
  text: string;
  /** The client's id for this request, or a generated one; a repeat with the same id counts once. */
  requestId: string;
  instant: Date;
}

export interface VoiceLogResult {
  outcome: MessageOutcome;
  /** The request id was seen before, and `outcome` describes what that first request did. */
  repeated: boolean;
}

/**
 * Builds the source a voice request is recorded under: platform `voice`, one channel per provider, and the request
 * id as the message id, so the unique source columns count a repeated id once.
 */
export function voiceSource(providerId: number, requestId: string): MessageSource {
  return { platform: "voice", channel: `voice:${providerId}`, messageId: requestId };
}

/**
 * Records dictated text exactly like a chat message from the provider. A chat platform drops a
 * redelivered message silently, but a phone that retries needs an answer, so a repeated request
 * id returns what the first request recorded or is still waiting for.
 */
export async function logVoiceText(
  context: ServiceContext,
  input: VoiceLogInput,
): Promise<VoiceLogResult> {
  const source = voiceSource(input.provider.id, input.requestId);
  const outcome = await handleMessage(context, {
    user: { platform: input.provider.platform, userId: input.provider.platformUserId },
    source,
    text: input.text,
    instant: input.instant,
    repeatRefusals: true,
  });
  if (outcome.kind !== "duplicate") return { outcome, repeated: false };
  return { outcome: await recallVoiceRequest(context, source), repeated: true };
}

/**
 * Describes what an earlier message recorded (a `duplicate` log result) or is still waiting for
 * (the patient question again). A message that recorded nothing, or whose encounter was undone,
 * gives a plain `duplicate`.
 */
export async function recallVoiceRequest(
  context: ServiceContext,
  source: MessageSource,
): Promise<MessageOutcome> {
  const encounter = await findEncounterBySource(context.db, source);
  if (encounter) {
    if (encounter.voidedAt !== null) return { kind: "duplicate" };
    const [patient] = await labelPatients(context, [encounter.patientId]);
    if (!patient) return { kind: "duplicate" };
    const month = monthOf(encounter.serviceDate);
    return {
      kind: "log",
      result: {
        status: "duplicate",
        encounterId: encounter.id,
        minutes: encounter.minutes,
        serviceDate: encounter.serviceDate,
        patient,
        summary: await summarizeMonth(context, context.db, encounter.patientId, month),
        claimChanges: [],
      },
    };
  }

  const pending = await findPendingLogBySource(context.db, source);
  if (pending?.status !== "open") return { kind: "duplicate" };
  const base = {
    pendingLogId: pending.id,
    minutes: pending.minutes,
    serviceDate: pending.serviceDate,
  };
  if (pending.candidateIds.length === 0) {
    return { kind: "unknown_patient", ...base, name: pending.unknownName ?? "" };
  }
  const candidates = await labelPatients(context, pending.candidateIds);
  return { kind: "choose_patient", ...base, candidates };
}

import { resolvePatient } from "../patients/index.ts";
import type { ServiceContext } from "./context.ts";
import {
  type ClosedPendingStatus,
  findPendingLog,
  type PendingLog,
  type ResolvePendingResult,
  resolvePendingLog,
} from "./pending-logs.ts";
import type { Provider } from "./providers.ts";
import { recallVoiceRequest } from "./voice-log.ts";

/** A provider's pick of the patient of a waiting log: a list position, an MRN or a name. */
export type PatientChoice =
  | { kind: "position"; position: number }
  | { kind: "mrn"; mrn: string }
  | { kind: "name"; text: string };

export type VoiceChoiceResult =
  | ResolvePendingResult
  | { status: "invalid_position"; pendingLogId: number; choices: number }
  | { status: "patient_not_found"; pendingLogId: number };

/**
 * Resolves a waiting log with the patient at a position of the list read out (1-based, in the
 * stored candidate order), by MRN, or by a name that fits one patient. The log itself is
 * recorded by `resolvePendingLog`, with the same checks as a button press.
 */
export async function choosePendingPatient(
  context: ServiceContext,
  provider: Provider,
  pendingLogId: number,
  choice: PatientChoice,
): Promise<VoiceChoiceResult> {
  const pending = await findPendingLog(context, pendingLogId);
  if (!pending) return { status: "pending_not_found" };
  if (pending.providerId !== provider.id && provider.role !== "admin") {
    return { status: "not_allowed", pendingLogId };
  }
  if (pending.status !== "open") return recallClosedLog(context, pending, pending.status);

  const candidates = pending.candidateIds;
  if (choice.kind === "position") {
    const patientId = candidates[choice.position - 1];
    if (patientId === undefined) {
      return { status: "invalid_position", pendingLogId, choices: candidates.length };
    }
    return resolvePendingLog(context, pendingLogId, patientId, provider);
  }

  const patientId = await findChosenPatient(context, choice, candidates);
  if (patientId === undefined) return { status: "patient_not_found", pendingLogId };
  return resolvePendingLog(context, pendingLogId, patientId, provider);
}

/**
 * Describes the encounter that a repeated choice recorded, so that a phone retrying after a
 * lost response hears what was logged.
 */
async function recallClosedLog(
  context: ServiceContext,
  pending: PendingLog,
  pendingStatus: ClosedPendingStatus,
): Promise<VoiceChoiceResult> {
  const recalled = await recallVoiceRequest(context, {
    platform: pending.sourcePlatform,
    channel: pending.sourceChannel,
    messageId: pending.sourceMessageId,
  });
  if (recalled.kind === "log") return recalled.result;
  return { status: "pending_closed", pendingLogId: pending.id, pendingStatus };
}

/** The roster patient an MRN or a name picks; a name must fit exactly one of `candidates`. */
async function findChosenPatient(
  context: ServiceContext,
  choice: Exclude<PatientChoice, { kind: "position" }>,
  candidates: readonly number[],
): Promise<number | undefined> {
  const roster = await context.roster.get(context);
  if (choice.kind === "mrn") {
    const [id] = roster.byMrn.get(choice.mrn) ?? [];
    return id === undefined ? undefined : Number(id);
  }

  const reference = resolvePatient(choice.text, roster).reference;
  if (reference?.status === "matched") return Number(reference.id);
  if (reference?.status !== "ambiguous") return undefined;
  const fitting = reference.candidates.map(Number).filter((id) => candidates.includes(id));
  return fitting.length === 1 ? fitting[0] : undefined;
}

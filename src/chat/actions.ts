import { resolvePatient } from "../patients/index.ts";
import type { ServiceContext } from "../services/context.ts";
import { listEnrolledPatients } from "../services/patient-list.ts";
import { labelPatients } from "../services/patients.ts";
import {
  findPendingLog,
  type ResolvePendingResult,
  resolvePendingLog,
} from "../services/pending-logs.ts";
import { findProvider, type Provider, type UserIdentity } from "../services/providers.ts";
import { undoEncounter } from "../services/undo-encounter.ts";
import { setClaimStatus } from "./claim-buttons.ts";
import { enrollForWaitingLog } from "./enroll-for-log.ts";
import { replyToLog, replyToMessage, replyToUndo } from "./replies/message-replies.ts";
import { decodePageRequest, patientPageReply } from "./replies/patient-replies.ts";
import { closedWaitingLogText } from "./replies/waiting-log-replies.ts";
import { type ActionName, actionNames, type Reply, textReply } from "./reply.ts";

/** A button press from any adapter. */
export interface ActionRequest {
  user: UserIdentity;
  action: ActionName;
  value: string;
  instant: Date;
}

type ActionHandler = (
  context: ServiceContext,
  provider: Provider,
  request: ActionRequest,
) => Promise<Reply>;

/** Handler of each button; a new button adds its name to `actionNames` and a handler here. */
const actionHandlers: Record<ActionName, ActionHandler> = {
  [actionNames.undoEncounter]: async (context, provider, request) =>
    replyToUndo(await undoEncounter(context, Number(request.value), provider)),
  [actionNames.choosePatient]: async (context, provider, request) => {
    const [pendingLogId, patientId] = request.value.split(":").map(Number);
    return replyToChoice(
      await resolvePendingLog(context, pendingLogId ?? 0, patientId ?? 0, provider),
    );
  },
  [actionNames.retryPendingLog]: (context, provider, request) =>
    retryPendingLog(context, Number(request.value), provider),
  [actionNames.enrollForLog]: (context, provider, request) =>
    enrollForWaitingLog(context, provider, Number(request.value), request.instant),
  [actionNames.patientsPage]: async (context, _provider, request) => {
    const { filter, page } = decodePageRequest(request.value);
    return patientPageReply(await listEnrolledPatients(context, filter, page), filter);
  },
  [actionNames.setClaimStatus]: (context, provider, request) =>
    setClaimStatus(context, provider, request.value),
};

/** Runs a button press and returns the reply that replaces or follows the message it was on. */
export async function runAction(context: ServiceContext, request: ActionRequest): Promise<Reply> {
  const provider = await findProvider(context, request.user);
  if (!provider) return textReply("private", ["Only registered providers can use these buttons."]);
  return actionHandlers[request.action](context, provider, request);
}

/** Looks the unknown name of a waiting log up again, after the patient may have been enrolled. */
async function retryPendingLog(
  context: ServiceContext,
  pendingLogId: number,
  provider: Provider,
): Promise<Reply> {
  const pending = await findPendingLog(context, pendingLogId);
  if (!pending) return replyToChoice({ status: "pending_not_found" });
  if (pending.status !== "open") {
    return textReply("private", [closedWaitingLogText(pending.status)]);
  }
  const [onlyCandidate] = pending.candidateIds;
  if (pending.candidateIds.length === 1 && onlyCandidate !== undefined) {
    // A known patient who was not enrolled on the service date: try the log again as it is.
    return replyToChoice(await resolvePendingLog(context, pendingLogId, onlyCandidate, provider));
  }
  const roster = await context.roster.get(context);
  const reference = resolvePatient(pending.unknownName ?? "", roster).reference;
  if (reference?.status === "matched") {
    return replyToChoice(
      await resolvePendingLog(context, pendingLogId, Number(reference.id), provider),
    );
  }
  if (reference?.status === "ambiguous") {
    const candidates = await labelPatients(context, reference.candidates.map(Number));
    return (
      replyToMessage({
        kind: "choose_patient",
        pendingLogId,
        minutes: pending.minutes,
        serviceDate: pending.serviceDate,
        candidates,
      }) ?? textReply("private", ["Several patients match."])
    );
  }
  return textReply("private", [
    `Still no enrolled patient matches “${pending.unknownName ?? ""}”. Enroll them first, then press Log it again.`,
  ]);
}

function replyToChoice(result: ResolvePendingResult): Reply {
  switch (result.status) {
    case "recorded":
    case "duplicate":
    case "refused":
      return replyToLog(result);
    case "pending_not_found":
      return textReply("private", ["That waiting log no longer exists. Send the log again."]);
    case "pending_closed":
      return textReply("private", [closedWaitingLogText(result.pendingStatus)]);
    case "not_allowed":
      return textReply("private", [
        "Only the provider who wrote this log, or an admin, can choose the patient.",
      ]);
    case "not_a_candidate":
      return textReply("private", ["That patient was not one of the choices for this log."]);
  }
}

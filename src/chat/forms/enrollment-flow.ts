import type { ServiceContext } from "../../services/context.ts";
import { enrollPatient, previewEnrollment } from "../../services/enroll-patient.ts";
import type { EnrollmentInput } from "../../services/enrollment-rules.ts";
import { type ResolvePendingResult, resolvePendingLog } from "../../services/pending-logs.ts";
import { findProvider, type Provider, type UserIdentity } from "../../services/providers.ts";
import { localDateOf } from "../../time/calendar.ts";
import { enrollmentConfirmation, replyToEnrollment } from "../replies/enrollment-replies.ts";
import { replyToLog } from "../replies/message-replies.ts";
import { closedWaitingLogText } from "../replies/waiting-log-replies.ts";
import { type Reply, textReply } from "../reply.ts";
import { type FieldErrors, readEnrollmentForm } from "./enrollment-form.ts";
import type { FormValues } from "./form.ts";

/**
 * The enrollment form as steps any adapter drives: `reviewEnrollmentForm` on submit (errors
 * on fields, or a confirmation), then `confirmEnrollmentForm` when the user confirms. Nothing is
 * written before the confirmation.
 */
export type ReviewStep =
  | { step: "errors"; errors: FieldErrors }
  | { step: "confirm"; confirmation: Reply; values: FormValues };

export interface DoneStep {
  /** The private reply: enrolled, updated, or why not. */
  reply: Reply;
  /** The recorded waiting log, to replace the message that refused it. */
  logReply?: Reply;
}

const notProviderMessage =
  "Only registered providers can enroll patients. Ask a practice admin to add you.";

/** Checks a submitted form against every rule and what is on file, without writing. */
export async function reviewEnrollmentForm(
  context: ServiceContext,
  user: UserIdentity,
  values: FormValues,
): Promise<ReviewStep> {
  const provider = await findProvider(context, user);
  if (!provider) return { step: "errors", errors: { name: notProviderMessage } };
  const { input, errors } = readEnrollmentForm(values, today(context));
  if (Object.keys(errors).length > 0) return { step: "errors", errors };

  const plan = await previewEnrollment(context, input);
  if (plan.kind === "invalid") {
    const planErrors: FieldErrors = {};
    for (const problem of plan.problems) planErrors[problem.field] ??= problem.message;
    return { step: "errors", errors: planErrors };
  }
  return { step: "confirm", confirmation: enrollmentConfirmation(input, plan), values };
}

/**
 * Writes the confirmed enrollment and, when the form came from a refused log's Enroll button,
 * records that waiting log.
 */
export async function confirmEnrollmentForm(
  context: ServiceContext,
  user: UserIdentity,
  values: FormValues,
  pendingLogId: number | undefined,
): Promise<DoneStep> {
  const provider = await findProvider(context, user);
  if (!provider) return { reply: textReply("private", [notProviderMessage]) };
  const { input, errors } = readEnrollmentForm(values, today(context));
  if (Object.keys(errors).length > 0) {
    return {
      reply: textReply("private", [
        `Not enrolled: ${Object.values(errors).join(" ")} Nothing was saved.`,
      ]),
    };
  }

  const result = await enrollPatient(context, provider, input);
  const reply = replyToEnrollment(result, input);
  if (result.status === "invalid" || pendingLogId === undefined) return { reply };
  return releaseWaitingLog(context, provider, input, result.patient.id, pendingLogId, reply);
}

async function releaseWaitingLog(
  context: ServiceContext,
  provider: Provider,
  input: EnrollmentInput,
  patientId: number,
  pendingLogId: number,
  reply: Reply,
): Promise<DoneStep> {
  const outcome = await resolvePendingLog(context, pendingLogId, patientId, provider, {
    afterEnrollment: true,
  });
  const note = waitingLogNote(outcome, input);
  const withNote: Reply = {
    ...reply,
    blocks: [...reply.blocks, { type: "text", lines: [[note]] }],
  };
  const recorded = outcome.status === "recorded" || outcome.status === "duplicate";
  return { reply: withNote, logReply: recorded ? replyToLog(outcome) : undefined };
}

function waitingLogNote(outcome: ResolvePendingResult, input: EnrollmentInput): string {
  switch (outcome.status) {
    case "recorded":
    case "duplicate":
      return `The waiting log was recorded: ${outcome.minutes} min on ${outcome.serviceDate}.`;
    case "refused":
      return `The waiting log is still not recorded: the enrollment does not cover its service date ${outcome.serviceDate} (consent date ${input.consentDate}). If consent was given earlier, press Enroll on the log again with that date.`;
    case "pending_closed":
      return closedWaitingLogText(outcome.pendingStatus);
    case "not_a_candidate":
      return "The waiting log is for a different patient, so it was not recorded.";
    case "pending_not_found":
    case "not_allowed":
      return "The waiting log no longer exists. Send the log again.";
  }
}

function today(context: ServiceContext): string {
  return localDateOf(context.now(), context.timeZone);
}

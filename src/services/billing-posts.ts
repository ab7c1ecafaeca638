import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { type ClaimStatus, patients } from "../../db/schema/index.ts";
import type { Lane } from "../billing/code-rules.ts";
import type { NotBilledReason } from "../billing/earned-claims.ts";
import type { ServiceContext } from "./context.ts";
import { enqueuePost } from "./outbox-queue.ts";
import { initialsOf } from "./patient-label.ts";

/** Why a claim stopped being earned. */
export type VoidReason = "below_threshold" | "lane_changed";

/** The patient as billing posts show them: the minimum necessary, never a name or a note. */
export interface BillingPatientTag {
  initials: string;
  mrn: string;
}

/** A claim post: what was earned, changed or voided, with its state and expected payment. */
export interface ClaimPostPayload extends BillingPatientTag {
  claimId: number;
  code: string;
  units: number;
  month: string;
  /** Minutes the claim's lane counts in the month. */
  totalMinutes: number;
  status: ClaimStatus;
  lane: Lane;
  /** Units times the fee on file, in US cents; null when no fee is on file. */
  expectedCents: number | null;
  feeEstimate: boolean;
  reason?: VoidReason;
  /** For a `below_threshold` void: the lane minutes the code's first unit needs. */
  thresholdMinutes?: number;
}

/** Something billing staff must act on, posted to the billing channel. */
export type BillingNotePayload = BillingPatientTag & { month: string } & (
    | {
        note: "log_not_billed";
        reason: NotBilledReason;
        minutes: number;
        loggedBy: string;
        /** For `other_practitioner`: who bills the month. */
        billingPractitioner?: string;
      }
    | {
        note: "locked_change_refused";
        action: "undo" | "edit" | "delete";
        lock: "month_closed" | "claim_submitted";
        /** Claims that lock the month, such as `99490 (submitted)`. */
        claims: string[];
        requestedBy: string;
      }
    | {
        note: "locked_claim_differs";
        code: string;
        status: ClaimStatus;
        claimUnits: number;
        earnedUnits: number;
      }
  );

/** Initials and MRN of a patient, for a billing post. */
export async function billingPatientTag(
  executor: Executor,
  patientId: number,
): Promise<BillingPatientTag | undefined> {
  const [patient] = await executor
    .select({ name: patients.name, mrn: patients.mrn })
    .from(patients)
    .where(eq(patients.id, patientId));
  return patient ? { initials: initialsOf(patient.name), mrn: patient.mrn } : undefined;
}

/** Queues a claim post in the caller's transaction; nothing when no billing channel is set. */
export async function queueClaimPost(
  context: ServiceContext,
  executor: Executor,
  kind: "claim_earned" | "claim_voided" | "claim_units_changed",
  payload: ClaimPostPayload,
): Promise<boolean> {
  if (!context.billingChannel) return false;
  await enqueuePost(executor, {
    kind,
    channel: context.billingChannel,
    claimId: payload.claimId,
    payload: { ...payload },
  });
  return true;
}

/**
 * Queues a note to billing staff in the caller's transaction. Without a billing channel the note
 * is logged as a warning instead (ids only), so it is never silent.
 */
export async function queueBillingNote(
  context: ServiceContext,
  executor: Executor,
  payload: BillingNotePayload,
): Promise<boolean> {
  if (!context.billingChannel) {
    context.logger.warn(
      { noteKind: payload.note, month: payload.month },
      "billing note not posted: CCM_BILLING_CHANNEL is not set",
    );
    return false;
  }
  await enqueuePost(executor, {
    kind: "billing_note",
    channel: context.billingChannel,
    payload: { ...payload },
  });
  return true;
}

import { z } from "zod";
import {
  claimStates,
  nextClaimStates,
  type SettableClaimState,
} from "../../billing/claim-states.ts";
import { laneRules, lanes } from "../../billing/code-rules.ts";
import { formatCents } from "../../billing/fee-schedule.ts";
import { monthLabel } from "../../time/calendar.ts";
import {
  actionNames,
  type Inline,
  type Reply,
  type ReplyBlock,
  type ReplyButton,
} from "../reply.ts";
import { formatServiceDate } from "./wording.ts";

/**
 * The fields of a claim post: the minimum necessary, never a name or a note. Fields added later
 * have defaults, so posts queued by an older version still render.
 */
export const billingPayloadSchema = z.object({
  claimId: z.number().int().optional(),
  code: z.string(),
  units: z.number().int(),
  month: z.string(),
  totalMinutes: z.number().int(),
  initials: z.string(),
  mrn: z.string(),
  status: z.enum(claimStates).default("pending"),
  lane: z.enum(lanes).default("staff"),
  expectedCents: z.number().int().nullable().default(null),
  feeEstimate: z.boolean().default(false),
  reason: z.enum(["below_threshold", "lane_changed"]).optional(),
  thresholdMinutes: z.number().int().optional(),
});
export type BillingPayload = z.infer<typeof billingPayloadSchema>;

function codeWithUnits(payload: BillingPayload): string {
  return payload.units > 1 ? `${payload.code} ×${payload.units}` : payload.code;
}

export function patientAndMonth(payload: { initials: string; mrn: string; month: string }): string {
  return `${payload.initials} · MRN ${payload.mrn} · ${monthLabel(payload.month)}`;
}

/** "expected $66.13 (estimate)", or a plain statement that no fee is on file. */
export function expectedText(payload: BillingPayload): string {
  if (payload.expectedCents === null) return `no fee on file for ${payload.code}`;
  const estimate = payload.feeEstimate ? " (estimate)" : "";
  return `expected ${formatCents(payload.expectedCents)}${estimate}`;
}

/** Builds the reason a claim was voided, as the clause after "Voided because". */
function voidReasonText(payload: BillingPayload): string {
  if (payload.reason === "lane_changed") {
    return "the month is now billed in another lane, and the same minutes never count twice";
  }
  // Posts queued before the threshold was recorded give no numbers to name.
  if (payload.thresholdMinutes === undefined) {
    return "the month's minutes fell below the code's threshold";
  }
  const lane = laneRules[payload.lane].description;
  return `${lane} now totals ${payload.totalMinutes} min, short of the ${payload.thresholdMinutes} min that ${payload.code} needs`;
}

const statusLabels: Record<BillingPayload["status"], string> = {
  pending: "Pending: not yet submitted",
  submitted: "Submitted to the payer",
  paid: "Paid",
  rejected: "Rejected by the payer",
  void: "Void: not billable",
};

const buttonLabels: Record<SettableClaimState, string> = {
  submitted: "Mark submitted",
  paid: "Mark paid",
  rejected: "Mark rejected",
};

/** Builds the billing-channel post for a claim change queued in the outbox. */
export function billingPostReply(kind: string, payload: BillingPayload): Reply {
  const where = patientAndMonth(payload);
  const total = `${payload.totalMinutes} min total`;
  const headlines: Record<string, string> = {
    claim_earned: `Claim earned: ${codeWithUnits(payload)} · ${where} · ${total}`,
    claim_units_changed: `Claim changed: ${codeWithUnits(payload)} · ${where} · ${total}`,
    claim_voided: `Claim voided: ${payload.code} · ${where} · total now ${payload.totalMinutes} min`,
    claim_status: `Claim ${codeWithUnits(payload)} · ${where} · ${total}`,
  };
  const headline = headlines[kind] ?? `Claim update (${kind}): ${payload.code} · ${where}`;
  const lane = laneRules[payload.lane].description;
  const detail =
    kind === "claim_voided"
      ? `Voided because ${voidReasonText(payload)}. Do not bill it.`
      : `Billed as ${lane} · ${expectedText(payload)}.`;
  return claimReply(
    headline,
    detail,
    payload,
    kind === "claim_voided" ? [] : statusButtons(payload),
  );
}

/** Builds the post shown after billing staff change a claim's state, with who did it. */
export function claimStatusReply(
  payload: BillingPayload,
  changedBy: string,
  changedOn: string,
): Reply {
  const base = billingPostReply("claim_status", payload);
  const status: ReplyBlock = {
    type: "context",
    text: `Status: ${statusLabels[payload.status]} · marked by ${changedBy} on ${formatServiceDate(changedOn)}`,
  };
  return {
    ...base,
    blocks: base.blocks.map((block) => (block.type === "context" ? status : block)),
  };
}

function claimReply(
  headline: string,
  detail: string,
  payload: BillingPayload,
  buttons: ReplyButton[],
): Reply {
  const lines: Inline[][] = [[{ bold: headline }], [detail]];
  const blocks: ReplyBlock[] = [
    { type: "text", lines },
    { type: "context", text: `Status: ${statusLabels[payload.status]}` },
  ];
  if (buttons.length > 0) blocks.push({ type: "buttons", buttons });
  return { summary: headline, blocks, audience: "thread" };
}

function statusButtons(payload: BillingPayload): ReplyButton[] {
  if (payload.claimId === undefined) return [];
  const claimId = payload.claimId;
  return nextClaimStates(payload.status).map((state) => ({
    label: buttonLabels[state],
    action: actionNames.setClaimStatus,
    value: `${claimId}:${state}`,
    ...(state === "rejected" ? { style: "danger" as const } : { style: "primary" as const }),
  }));
}

/** Builds the text that replaces an earlier billing post once its claim is voided. */
export function voidedOriginalReply(payload: BillingPayload): Reply {
  const text = `VOIDED: ${payload.code} · ${patientAndMonth(payload)} (no longer earned)`;
  return { summary: text, blocks: [{ type: "text", lines: [[text]] }], audience: "thread" };
}

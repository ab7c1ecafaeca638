import { z } from "zod";
import { monthLabel } from "../../time/calendar.ts";
import type { Reply } from "../reply.ts";

/** Content of a billing post: the minimum necessary, never a name or a note. */
export const billingPayloadSchema = z.object({
  code: z.string(),
  units: z.number().int(),
  month: z.string(),
  totalMinutes: z.number().int(),
  initials: z.string(),
  mrn: z.string(),
});
export type BillingPayload = z.infer<typeof billingPayloadSchema>;

function codeWithUnits(payload: BillingPayload): string {
  return payload.units > 1 ? `${payload.code} ×${payload.units}` : payload.code;
}

function patientAndMonth(payload: BillingPayload): string {
  return `${payload.initials} · MRN ${payload.mrn} · ${monthLabel(payload.month)}`;
}

/** Builds the billing-channel post for a claim change queued in the outbox. */
export function billingPostReply(kind: string, payload: BillingPayload): Reply {
  const where = patientAndMonth(payload);
  const total = `${payload.totalMinutes} min total`;
  const headlines: Record<string, string> = {
    claim_earned: `Claim earned: ${codeWithUnits(payload)} · ${where} · ${total}`,
    claim_units_changed: `Claim changed: ${codeWithUnits(payload)} · ${where} · ${total}`,
    claim_voided: `Claim voided: ${payload.code} · ${where} · total now ${payload.totalMinutes} min, below its threshold after an undo or edit`,
  };
  const headline = headlines[kind] ?? `Claim update (${kind}): ${payload.code} · ${where}`;
  return {
    summary: headline,
    blocks: [{ type: "text", lines: [[{ bold: headline }]] }],
    audience: "thread",
  };
}

/** Builds the text that replaces an earlier billing post once its claim is voided. */
export function voidedOriginalReply(payload: BillingPayload): Reply {
  const text = `VOIDED: ${payload.code} · ${patientAndMonth(payload)} (no longer earned)`;
  return { summary: text, blocks: [{ type: "text", lines: [[text]] }], audience: "thread" };
}

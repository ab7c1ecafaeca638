import { z } from "zod";
import { claimStates } from "../../billing/claim-states.ts";
import { monthLabel } from "../../time/calendar.ts";
import type { Reply } from "../reply.ts";
import { patientAndMonth } from "./billing-replies.ts";

const patientMonth = { initials: z.string(), mrn: z.string(), month: z.string() };

/** Notes to billing staff queued in the outbox; each names the patient by initials and MRN only. */
export const billingNoteSchema = z.discriminatedUnion("note", [
  z.object({
    ...patientMonth,
    note: z.literal("log_not_billed"),
    reason: z.enum(["other_practitioner", "other_program"]),
    minutes: z.number().int(),
    loggedBy: z.string(),
    billingPractitioner: z.string().optional(),
  }),
  z.object({
    ...patientMonth,
    note: z.literal("locked_change_refused"),
    action: z.enum(["undo", "edit", "delete"]),
    lock: z.enum(["month_closed", "claim_submitted"]),
    claims: z.array(z.string()),
    requestedBy: z.string(),
  }),
  z.object({
    ...patientMonth,
    note: z.literal("locked_claim_differs"),
    code: z.string(),
    status: z.enum(claimStates),
    claimUnits: z.number().int(),
    earnedUnits: z.number().int(),
  }),
]);
export type BillingNote = z.infer<typeof billingNoteSchema>;

/** The billing-channel post for a note: what happened and what billing staff should do. */
export function billingNoteReply(note: BillingNote): Reply {
  const where = patientAndMonth(note);
  const [headline, detail] = noteText(note);
  return {
    summary: `${headline} · ${where}`,
    blocks: [{ type: "text", lines: [[{ bold: `${headline} · ${where}` }], [detail]] }],
    audience: "thread",
  };
}

function noteText(note: BillingNote): [string, string] {
  switch (note.note) {
    case "log_not_billed":
      if (note.reason === "other_practitioner") {
        return [
          "Time not billed: second practitioner",
          `${note.loggedBy} logged ${note.minutes} min, but ${note.billingPractitioner ?? "another practitioner"} bills CCM for this patient this month and only one practitioner may. The time is on record; check with both practitioners before billing.`,
        ];
      }
      return [
        "Time not billed: other program",
        `${note.loggedBy} logged ${note.minutes} min under the program not billed this month; CCM and PCM are not billed together for one practitioner. The time is on record.`,
      ];
    case "locked_change_refused": {
      const why =
        note.lock === "month_closed"
          ? `${monthLabel(note.month)} is closed`
          : `the month's claims are already with the payer: ${note.claims.join(", ")}`;
      return [
        `Change refused: ${note.action}`,
        `${note.requestedBy} tried to ${note.action} an entry, but ${why}. If the entry was wrong, file a corrected claim and fix the record by hand.`,
      ];
    }
    case "locked_claim_differs":
      return [
        `Claim ${note.code} no longer matches its minutes`,
        note.earnedUnits === 0
          ? `The claim is ${note.status} with ${note.claimUnits} unit(s), but the month's minutes no longer earn it. Review it and file a correction if needed.`
          : `The claim is ${note.status} with ${note.claimUnits} unit(s), but the month's minutes now earn ${note.earnedUnits}. Review it and file a correction if needed.`,
      ];
  }
}

import { parseMessage } from "../parse/index.ts";
import type { PatientReference } from "../patients/types.ts";
import type { ServiceContext } from "./context.ts";
import type { MessageOutcome } from "./message-outcome.ts";
import { currentMonth, summarizeMonth } from "./month-summary.ts";
import { labelPatients, maxCandidates } from "./patients.ts";

/** This month's total for a resolved patient reference, or the candidates when it is ambiguous. */
export async function answerTotal(
  context: ServiceContext,
  reference: PatientReference | undefined,
): Promise<MessageOutcome> {
  if (reference?.status === "ambiguous" && reference.candidates.length > maxCandidates) {
    return { kind: "too_many_patients", count: reference.candidates.length };
  }
  if (reference?.status === "ambiguous") {
    return {
      kind: "total_choose_patient",
      candidates: await labelPatients(context, reference.candidates.map(Number)),
    };
  }
  if (reference?.status !== "matched") {
    return {
      kind: "total_unknown_patient",
      name: reference?.status === "unknown" ? reference.text : undefined,
    };
  }
  const [patient] = await labelPatients(context, [Number(reference.id)]);
  if (!patient) return { kind: "total_unknown_patient" };
  const summary = await summarizeMonth(context, context.db, patient.id, currentMonth(context));
  return { kind: "total", patient, summary };
}

/** This month's total for a patient named in free text, such as `J. Doe` or `MRN 100234`. */
export async function totalForPatientText(
  context: ServiceContext,
  patientText: string,
  instant: Date,
): Promise<MessageOutcome> {
  const parsed = parseMessage(`total for ${patientText}?`, {
    instant,
    timeZone: context.timeZone,
    roster: await context.roster.get(context),
  });
  return answerTotal(context, parsed.patient);
}

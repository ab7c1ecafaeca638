import { asc, eq, ilike, or } from "drizzle-orm";
import { patients } from "../../db/schema/index.ts";
import { resolvePatient } from "../patients/index.ts";
import type { ServiceContext } from "./context.ts";
import { mrnPattern } from "./enrollment-rules.ts";
import { normalizePatientName } from "./normalize-name.ts";
import { labelPatient, type PatientLabel } from "./patient-label.ts";
import { labelPatients, patientLabelColumns } from "./patients.ts";

/**
 * Patients that a typed reference such as `J. Doe`, `Jane Doe` or `MRN 100234` points at.
 * `similar` lists names that merely contain the text, which a command shows but never acts on.
 * `rest` is the text after the reference, such as the reason of an unenrollment.
 */
export type PatientLookup =
  | { status: "matched"; patient: PatientLabel; rest: string }
  | { status: "ambiguous"; candidates: PatientLabel[]; rest: string }
  | { status: "similar"; candidates: PatientLabel[]; text: string }
  | { status: "unknown"; text: string };

/** Most candidates a name fragment lists. */
const similarLimit = 10;

const leadingMrn = /^\s*(?:mrn\s*(?:#|:|no\.?)?\s*|#)?([A-Za-z0-9-]+)\b/i;

/** Looks a typed patient reference up: an exact MRN first, then the roster's name matching. */
export async function findPatientsByText(
  context: ServiceContext,
  text: string,
): Promise<PatientLookup> {
  const trimmed = text.trim();
  const byMrn = await findByLeadingMrn(context, trimmed);
  if (byMrn) return byMrn;

  const index = await context.roster.get(context);
  const { reference, span } = resolvePatient(trimmed, index);
  const rest = span ? trimmed.slice(span.end) : "";
  if (reference?.status === "matched") {
    const [patient] = await labelPatients(context, [Number(reference.id)]);
    if (patient) return { status: "matched", patient, rest };
  }
  if (reference?.status === "ambiguous") {
    const candidates = await labelPatients(context, reference.candidates.map(Number));
    return { status: "ambiguous", candidates, rest };
  }
  const candidates = await findSimilar(context, trimmed);
  if (candidates.length > 0) return { status: "similar", candidates, text: trimmed };
  return { status: "unknown", text: reference?.status === "unknown" ? reference.text : trimmed };
}

async function findByLeadingMrn(
  context: ServiceContext,
  text: string,
): Promise<PatientLookup | undefined> {
  const match = leadingMrn.exec(text);
  const mrn = match?.[1];
  if (!match || !mrn || !mrnPattern.test(mrn)) return undefined;
  const [row] = await context.db
    .select(patientLabelColumns)
    .from(patients)
    .where(eq(patients.mrn, mrn));
  if (!row) return undefined;
  return { status: "matched", patient: labelPatient(row), rest: text.slice(match[0].length) };
}

/** Patients whose name contains the text, or whose MRN starts with it. */
async function findSimilar(context: ServiceContext, text: string): Promise<PatientLabel[]> {
  const folded = normalizePatientName(text);
  if (folded.length < 2) return [];
  const escaped = folded.replace(/[\\%_]/g, (character) => `\\${character}`);
  const rows = await context.db
    .select(patientLabelColumns)
    .from(patients)
    .where(or(ilike(patients.nameNormalized, `%${escaped}%`), ilike(patients.mrn, `${escaped}%`)))
    .orderBy(asc(patients.nameNormalized), asc(patients.id))
    .limit(similarLimit);
  return rows.map(labelPatient);
}

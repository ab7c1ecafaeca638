export { type PatientResolution, resolvePatient } from "./resolve-patient.ts";
export { buildRosterIndex, type RosterIndex } from "./roster-index.ts";
export type { PatientReference, RosterEntry, TextSpan } from "./types.ts";

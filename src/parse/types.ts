import type { PatientReference } from "../patients/types.ts";

export type Intent = "log" | "query" | "undo" | "none";

/** Why a log cannot be recorded as written; stable codes that adapters turn into wording. */
export type ParseErrorCode =
  | "missing_duration"
  | "missing_patient"
  | "multiple_patients"
  | "future_date"
  | "invalid_date"
  | "duration_out_of_range"
  | "negative_duration"
  | "ambiguous_duration"
  | "conflicting_durations";

export interface ParseError {
  code: ParseErrorCode;
  message: string;
}

/**
 * The `ccm parse` contract: one message in, one intent out. `minutes` and `date` are present on a
 * log without an error; `date` is the service date in the practice time zone. A log with an
 * error keeps whichever of them is valid: `missing_patient` keeps both, a duration error keeps
 * `date`, and `future_date` keeps `minutes` but never the future date itself.
 * `multiple_patients` keeps `date` but not `minutes`, which belong to no single patient.
 */
export interface ParsedMessage {
  intent: Intent;
  minutes?: number;
  date?: string;
  patient?: PatientReference;
  note?: string;
  error?: ParseError;
}

import type { DurationOutcome } from "./duration-total.ts";
import type { ParseError } from "./types.ts";

/**
 * Default English texts for parse errors. Each names the problem and the fix; adapters may
 * reword by `code`.
 */

export function durationError(outcome: Extract<DurationOutcome, { ok: false }>): ParseError {
  switch (outcome.code) {
    case "missing_duration":
      return {
        code: outcome.code,
        message: "No duration found. Add the minutes, for example “20 min”.",
      };
    case "ambiguous_duration":
      return {
        code: outcome.code,
        message: "The duration is a range, such as “15-20 min”. Give one number of minutes.",
      };
    case "conflicting_durations":
      return {
        code: outcome.code,
        message: `The parts add up to ${outcome.parts} min but the stated total is ${outcome.total} min. Correct one of them.`,
      };
    case "negative_duration":
      return {
        code: outcome.code,
        message:
          "Minutes cannot be negative. To take back logged time, press Undo on that log's reply or edit the message; to log time, write the minutes without a minus sign.",
      };
    case "duration_out_of_range":
      return {
        code: outcome.code,
        message: `${outcome.minutes ?? 0} minutes is outside the allowed 1 minute to 24 hours. Check the number and the unit.`,
      };
  }
}

export function missingPatientError(): ParseError {
  return {
    code: "missing_patient",
    message:
      "No patient found. Add the patient's name or MRN, for example “with J. Smith” or “MRN 123456”.",
  };
}

/**
 * Builds the multiple-patients error. Its text names no patient, because the reply goes to the
 * channel thread.
 */
export function multiplePatientsError(): ParseError {
  return {
    code: "multiple_patients",
    message:
      "This message names more than one patient, so its minutes cannot be split between them. Log each patient's time in a message of its own.",
  };
}

export function futureDateError(date: string): ParseError {
  return {
    code: "future_date",
    message: `The service date ${date} is in the future. Log time once it is spent, or correct the date.`,
  };
}

export function invalidDateError(text: string): ParseError {
  return {
    code: "invalid_date",
    message: `“${text}” is not a real date. Correct the service date, for example “2/28”.`,
  };
}

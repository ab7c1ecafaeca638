import { defaultBillingSettings } from "./billing-settings.ts";
import { evaluateMonth, type MonthEvaluation, type Program } from "./earned-claims.ts";

/** The program and complex mark a month total is evaluated with, besides its minutes. */
export interface StaffMinutesShape {
  /** The patient's program; defaults to CCM. */
  program?: Program;
  /** The patient-month is marked complex (99487/99489); defaults to false. */
  complex?: boolean;
}

/**
 * Evaluates a month total as clinical staff time in the patient's program: 99490 and 99439 for
 * CCM, 99487 and 99489 once a complex month reaches them, 99426 and 99427 for PCM. The digest and
 * home views use it to rank thousands of patients from one grouped query, without loading each
 * month's encounters. A month billed by the practitioner has other thresholds, which
 * `summarizeMonth` reports exactly.
 */
export function evaluateStaffMinutes(
  month: string,
  totalMinutes: number,
  shape: StaffMinutesShape = {},
): MonthEvaluation {
  const program = shape.program ?? "ccm";
  const encounters =
    totalMinutes > 0
      ? [
          {
            id: 0,
            providerId: 0,
            role: "clinical_staff" as const,
            minutes: totalMinutes,
            serviceDate: `${month}-01`,
            program,
          },
        ]
      : [];
  return evaluateMonth(
    {
      month,
      encounters,
      enrolledProgram: program,
      complex: shape.complex ?? false,
      claimPractitioners: {},
      lockedCodes: [],
    },
    defaultBillingSettings,
  );
}

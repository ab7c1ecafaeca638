import { defaultBillingSettings } from "./billing-settings.ts";
import { evaluateMonth, type MonthEvaluation } from "./earned-claims.ts";

/**
 * Evaluates a month total as CCM clinical-staff time (99490 and 99439), the lane nearly every
 * patient-month is billed in. The digest and home views use it to rank thousands of patients from
 * one grouped query, without loading each month's encounters. A month that is complex or billed
 * by the practitioner has other thresholds, which `summarizeMonth` reports exactly.
 */
export function evaluateStaffMinutes(month: string, totalMinutes: number): MonthEvaluation {
  const encounters =
    totalMinutes > 0
      ? [
          {
            id: 0,
            providerId: 0,
            role: "clinical_staff" as const,
            minutes: totalMinutes,
            serviceDate: `${month}-01`,
            program: "ccm" as const,
          },
        ]
      : [];
  return evaluateMonth(
    {
      month,
      encounters,
      enrolledProgram: "ccm",
      complex: false,
      claimPractitioners: {},
      lockedCodes: [],
    },
    defaultBillingSettings,
  );
}

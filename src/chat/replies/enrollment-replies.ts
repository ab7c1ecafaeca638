import type { EnrollResult } from "../../services/enroll-patient.ts";
import type { EnrollmentChange, EnrollmentPlan } from "../../services/enrollment-plan.ts";
import {
  disclosureFields,
  disclosureLabels,
  type EnrollmentInput,
} from "../../services/enrollment-rules.ts";
import type { PatientLabel } from "../../services/patient-label.ts";
import type { UnenrollResult } from "../../services/unenroll-patient.ts";
import { type Inline, type Reply, textReply } from "../reply.ts";
import { formatServiceDate } from "./wording.ts";

const fieldLabels: Record<EnrollmentChange["field"], string> = {
  name: "name",
  mrn: "MRN",
  dateOfBirth: "date of birth",
  conditions: "conditions",
  program: "program",
  consentType: "consent type",
  consentDate: "consent date",
  consentObtainedBy: "consent obtained by",
  toldCostSharing: "told about cost sharing",
  toldOnePractitioner: "told about one practitioner a month",
  toldRightToStop: "told about the right to stop",
  aliases: "aliases",
  startsOn: "enrollment start",
};

/** "consent date 2026-03-10 → 2026-03-01" */
export function describeChange(change: EnrollmentChange): string {
  return `${fieldLabels[change.field]} ${change.from} → ${change.to}`;
}

/** "Jane Doe (MRN 100234)": for private replies only. */
function who(patient: PatientLabel): string {
  return `${patient.name} (MRN ${patient.mrn})`;
}

/** Builds the private reply to an enrollment from a command, a form or a button. */
export function replyToEnrollment(result: EnrollResult, input?: EnrollmentInput): Reply {
  switch (result.status) {
    case "invalid":
      return textReply("private", [
        `Not enrolled: ${result.problems.map((problem) => problem.message).join(" ")} Nothing was saved.`,
      ]);
    case "already_enrolled":
      return textReply("private", [`${who(result.patient)} is already enrolled. Nothing changed.`]);
    case "updated":
      return textReply(
        "private",
        [`Updated the enrollment of ${who(result.patient)}:`],
        ...result.changes.map((change) => [`• ${describeChange(change)}`]),
      );
    case "enrolled": {
      const lines: Inline[][] = [
        [
          `Enrolled ${who(result.patient)} from ${formatServiceDate(result.startsOn)}. Time logged for this patient from that day on now counts.`,
        ],
      ];
      const missing = input ? missingDisclosures(input) : [];
      if (missing.length > 0) {
        lines.push([
          `Not on record yet: that the patient was told about ${missing.join(", ")}. Once they have been, send the same line with `,
          { code: "told: all" },
          " added.",
        ]);
      }
      return textReply("private", ...lines);
    }
  }
}

function missingDisclosures(input: EnrollmentInput): string[] {
  return disclosureFields.filter((field) => !input[field]).map((field) => disclosureLabels[field]);
}

/** Builds the confirmation step of the enrollment form: what was entered and what confirming does. */
export function enrollmentConfirmation(input: EnrollmentInput, plan: EnrollmentPlan): Reply {
  const lines: Inline[][] = [
    [
      { bold: "Patient: " },
      `${input.name}, born ${input.dateOfBirth ?? "unknown"}, MRN ${input.mrn}`,
    ],
    [{ bold: "Program: " }, input.program.toUpperCase()],
    [{ bold: "Conditions: " }, input.conditions.join(", ")],
    [
      { bold: "Consent: " },
      `${input.consentType ?? "missing"} on ${formatServiceDate(input.consentDate)}, obtained by ${input.consentObtainedBy}`,
    ],
    [{ bold: "Told about: " }, toldText(input)],
    [effectOf(plan)],
  ];
  if (plan.kind === "update")
    lines.push(...plan.changes.map((change) => [`• ${describeChange(change)}`]));
  return {
    summary: "Check the enrollment, then confirm it.",
    blocks: [{ type: "text", lines }],
    audience: "private",
  };
}

function toldText(input: EnrollmentInput): string {
  const told = disclosureFields
    .filter((field) => input[field])
    .map((field) => disclosureLabels[field]);
  return told.length > 0 ? told.join(", ") : "nothing recorded";
}

function effectOf(plan: EnrollmentPlan): string {
  switch (plan.kind) {
    case "new_patient":
      return `Confirming adds a new patient and enrolls them from ${formatServiceDate(plan.startsOn)}.`;
    case "new_period":
      return plan.previous
        ? `Confirming starts a new enrollment period on ${formatServiceDate(plan.startsOn)}; the earlier one ended ${formatServiceDate(plan.previous.endsOn ?? plan.previous.startsOn)}.`
        : `Confirming enrolls this patient from ${formatServiceDate(plan.startsOn)}.`;
    case "update":
      return "This patient is already enrolled. Confirming updates the current enrollment:";
    case "unchanged":
      return "This patient is already enrolled with these details. Confirming changes nothing.";
    case "invalid":
      return "This enrollment cannot be saved.";
  }
}

/** Builds the private reply to `/ccm unenroll`. */
export function replyToUnenroll(result: UnenrollResult): Reply {
  switch (result.status) {
    case "unenrolled":
      return textReply(
        "private",
        [
          `Unenrolled ${who(result.patient)}: the enrollment ends on ${formatServiceDate(result.endsOn)}, the end of this month, because a withdrawal takes effect at month end.`,
        ],
        [
          result.reason
            ? `Reason on file: ${result.reason}. Time logged after that day will be refused.`
            : "Time logged after that day will be refused.",
        ],
      );
    case "cancelled":
      return textReply("private", [
        `Cancelled the enrollment of ${who(result.patient)} that was to start on ${formatServiceDate(result.startsOn)}; it will not take effect, and the current period still ends at this month's end.`,
      ]);
    case "already_ending":
      return textReply("private", [
        `${who(result.patient)} is already unenrolled; the enrollment ends on ${formatServiceDate(result.endsOn)}. Nothing changed.`,
      ]);
    case "not_enrolled":
      return textReply("private", [
        `${who(result.patient)} is not enrolled, so there is nothing to end. Nothing changed.`,
      ]);
    case "patient_not_found":
      return textReply("private", [
        "That patient no longer exists in the roster. Nothing changed.",
      ]);
  }
}

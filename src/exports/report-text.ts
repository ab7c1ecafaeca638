import { type Lane, laneRules } from "../billing/code-rules.ts";
import { formatCents } from "../billing/fee-schedule.ts";
import type {
  EncounterBilling,
  PatientMonthReport,
  ReportAuditEntry,
  ReportEncounter,
} from "../services/month-report.ts";
import { monthLabel } from "../time/calendar.ts";

const roleLabels: Record<string, string> = {
  clinical_staff: "clinical staff",
  physician: "billing practitioner",
  admin: "admin, counted as clinical staff",
  billing: "billing staff",
};

/**
 * Renders the month report as plain text for an auditor. Each patient-month lists the enrollment,
 * the claims with their state history, and each encounter with date, minutes, who and in what
 * role, what was done, its source message and every change recorded for it. Instants are UTC.
 */
export function renderMonthReport(
  month: string,
  reports: readonly PatientMonthReport[],
  generatedAt: Date,
  timeZone: string,
): string {
  const lines = [
    `CCM documentation report: ${monthLabel(month)}`,
    `Generated ${generatedAt.toISOString()}. Service dates are local to ${timeZone}; other times are UTC.`,
  ];
  if (reports.length === 0) lines.push("", "No encounters or claims in this month.");
  for (const report of reports) lines.push("", ...patientSection(report));
  return `${lines.join("\n")}\n`;
}

function patientSection(report: PatientMonthReport): string[] {
  const { patient, enrollment } = report;
  const born = patient.dateOfBirth ? `, born ${patient.dateOfBirth}` : "";
  const lines = [`== ${patient.name}, MRN ${patient.mrn}${born}`];
  lines.push(
    enrollment
      ? `Enrollment: ${enrollment.program.toUpperCase()}, ${enrollment.consentType} consent on ${enrollment.consentDate} obtained by ${enrollment.consentObtainedBy}; covered ${enrollment.startsOn} to ${enrollment.endsOn ?? "open"}`
      : "Enrollment: none on record for this month",
  );
  lines.push(
    `Month: ${report.loggedMinutes} min logged; billed as ${laneLabel(report.lane)}, ${report.laneMinutes} min counted; complex: ${report.complex ? "yes" : "no"}; closed: ${report.closedAt ? report.closedAt.toISOString() : "no"}`,
  );
  lines.push(...report.monthHistory.map((entry) => `  ${auditLine(entry)}`));

  lines.push("Claims:");
  if (report.claims.length === 0) lines.push("  none");
  for (const claim of report.claims) {
    const units = claim.units > 1 ? ` ×${claim.units}` : "";
    const expected =
      claim.expectedCents === null
        ? "no fee on file"
        : `expected ${formatCents(claim.expectedCents)}`;
    lines.push(
      `  claim ${claim.id}: ${claim.code}${units}, ${claim.status}, practitioner ${claim.practitioner ?? "not recorded"}, ${expected}`,
    );
    lines.push(...claim.history.map((entry) => `    ${auditLine(entry)}`));
  }

  lines.push("Encounters:");
  if (report.encounters.length === 0) lines.push("  none");
  for (const encounter of report.encounters) lines.push(...encounterLines(encounter));
  return lines;
}

function encounterLines(encounter: ReportEncounter): string[] {
  const role = roleLabels[encounter.role] ?? encounter.role;
  const lines = [
    `  encounter ${encounter.id}: ${encounter.serviceDate}, ${encounter.minutes} min, ${encounter.provider} (${role}); ${billingText(encounter.billing)}`,
    `    What was done: ${encounter.note === "" ? "(no note)" : encounter.note}`,
    `    Source: ${encounter.source}`,
    `    Logged ${encounter.loggedAt.toISOString()}`,
  ];
  if (encounter.voided) {
    lines.push(
      `    Undone ${encounter.voided.at.toISOString()} (${encounter.voided.reason ?? "no reason"})`,
    );
  }
  lines.push(...encounter.history.map((entry) => `    ${auditLine(entry)}`));
  return lines;
}

function billingText(billing: EncounterBilling): string {
  switch (billing.status) {
    case "counted":
      return `counted toward ${laneLabel(billing.lane)}`;
    case "not_billed":
      return billing.reason === "other_practitioner"
        ? "not billed: another practitioner bills this month"
        : "not billed: the other program is billed this month";
    case "other_lane":
      return `not counted: the month is billed as ${laneLabel(billing.lane)}`;
    case "undone":
      return "undone, not counted";
  }
}

function auditLine(entry: ReportAuditEntry): string {
  const details = Object.entries(entry.details)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
  const actor = entry.actor ? ` by ${entry.actor}` : "";
  return `${entry.at.toISOString()} ${entry.action}${actor}${details ? ` (${details})` : ""}`;
}

function laneLabel(lane: Lane): string {
  return laneRules[lane].description;
}

import { describe, expect, it } from "vitest";
import { evaluateStaffMinutes } from "../../../src/billing/staff-minutes.ts";
import { renderConsoleReply } from "../../../src/chat/console/render.ts";
import { providerMonthReply } from "../../../src/chat/replies/home-replies.ts";
import type { ProviderMonth, ProviderMonthPatient } from "../../../src/services/provider-month.ts";

function entry(name: string, mrn: string, total: number, own = total): ProviderMonthPatient {
  const evaluation = evaluateStaffMinutes("2026-03", total);
  return {
    patient: { id: Number(mrn), initials: "", mrn, name, dateOfBirth: null },
    totalMinutes: total,
    ownMinutes: own,
    evaluation,
    claims: evaluation.earned,
  };
}

function monthOf(patients: ProviderMonthPatient[], fields: Partial<ProviderMonth> = {}) {
  return {
    month: "2026-03",
    daysLeft: 22,
    patients,
    patientCount: patients.length,
    claimCount: patients.reduce((sum, patient) => sum + patient.claims.length, 0),
    ...fields,
  };
}

describe("providerMonthReply", () => {
  it("shows each patient with a bar to the next code", () => {
    const reply = providerMonthReply(monthOf([entry("Jane Doe", "100234", 15)]));

    const lines = renderConsoleReply(reply).text.split("\n");

    expect(reply.audience).toBe("private");
    expect(lines).toContain("Jane Doe (MRN 100234)");
    expect(lines).toContain("███████░░░ 15 min · 5 min more for 99490 (20 min)");
  });

  it("gives days left, patients and claims", () => {
    const reply = providerMonthReply(
      monthOf([entry("Jane Doe", "100234", 45), entry("John Roe", "100243", 5)]),
    );

    expect(renderConsoleReply(reply).text).toContain("22 days left · 2 patients · 2 claims earned");
  });

  it("lists claims earned and shared minutes", () => {
    const reply = providerMonthReply(monthOf([entry("Jane Doe", "100234", 45, 10)]));

    expect(renderConsoleReply(reply).text).toContain(
      "Earned: 99490, 99439 · you logged 10 min of the 45 min.",
    );
  });

  it("shows a full bar once every code is earned", () => {
    const reply = providerMonthReply(monthOf([entry("Jane Doe", "100234", 75)]));

    expect(renderConsoleReply(reply).text).toContain(
      "██████████ 75 min · every code for this month is earned",
    );
  });

  it("explains an empty month", () => {
    const reply = providerMonthReply(monthOf([]));

    expect(renderConsoleReply(reply).text).toContain(
      "You have not logged CCM time for any patient in March 2026 yet.",
    );
  });

  it("notes on the home view that it follows each log", () => {
    const reply = providerMonthReply(monthOf([entry("Jane Doe", "100234", 15)]), { home: true });

    expect(renderConsoleReply(reply).text).toContain("Updated each time you log or undo time.");
  });
});

import { describe, expect, it } from "vitest";
import { defaultBillingSettings } from "../../../src/billing/billing-settings.ts";
import { evaluateMonth } from "../../../src/billing/earned-claims.ts";
import { answerChoice, answerOutcome } from "../../../src/chat/voice/voice-answer.ts";
import type { MonthSummary } from "../../../src/services/month-summary.ts";
import type { PatientLabel } from "../../../src/services/patient-label.ts";

const today = "2026-03-10";

const jane: PatientLabel = {
  id: 1,
  initials: "J.D.",
  mrn: "100234",
  name: "Jane Doe",
  dateOfBirth: "1950-04-02",
};

/** A month of clinical-staff time only, logged as one encounter. */
function summary(month: string, totalMinutes: number): MonthSummary {
  const encounters =
    totalMinutes > 0
      ? [
          {
            id: 1,
            providerId: 1,
            role: "clinical_staff" as const,
            minutes: totalMinutes,
            serviceDate: `${month}-01`,
            program: "ccm" as const,
          },
        ]
      : [];
  const evaluation = evaluateMonth(
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
  return { month, totalMinutes, complex: false, evaluation, claims: [] };
}

function logged(minutes: number, serviceDate: string, total: number) {
  return {
    kind: "log" as const,
    result: {
      status: "recorded" as const,
      encounterId: 7,
      minutes,
      serviceDate,
      patient: jane,
      summary: summary(serviceDate.slice(0, 7), total),
      claimChanges: [],
    },
  };
}

describe("answerOutcome", () => {
  it("speaks a log with the codes billed", () => {
    const answer = answerOutcome(logged(15, today, 35), false, today);

    expect(answer.speech).toBe(
      "Logged 15 minutes for J. D. today. Month total 35 minutes; 99490 billed.",
    );
    expect(answer.status).toBe("recorded");
  });

  it("speaks the minutes still missing", () => {
    const answer = answerOutcome(logged(1, "2026-03-09", 12), false, today);

    expect(answer.speech).toBe(
      "Logged 1 minute for J. D. yesterday. Month total 12 minutes; 8 minutes more for 99490.",
    );
  });

  it("names the day and month of an older log", () => {
    const answer = answerOutcome(logged(30, "2026-02-27", 70), false, today);

    expect(answer.speech).toBe(
      "Logged 30 minutes for J. D. on Friday, February 27. February total 70 minutes; 99490 and 2 units of 99439 billed.",
    );
  });

  it("says a repeated request was logged already", () => {
    const answer = answerOutcome(logged(15, today, 35), true, today);

    expect(answer.speech).toMatch(/^Already logged 15 minutes/);
    expect(answer.status).toBe("already_recorded");
    expect(answer.recorded).toBe(true);
  });

  it("reads the candidates with birth dates", () => {
    const answer = answerOutcome(
      {
        kind: "choose_patient",
        pendingLogId: 12,
        minutes: 20,
        serviceDate: today,
        candidates: [jane, { ...jane, id: 2, name: "John Doe", mrn: "100243", dateOfBirth: null }],
      },
      false,
      today,
    );

    expect(answer.speech).toBe(
      "Which patient gets 20 minutes today? 1: Jane Doe, born April 2, 1950. 2: John Doe. Nothing is recorded until you choose.",
    );
    expect(answer.pendingLogId).toBe(12);
    expect(answer.candidates?.map((candidate) => candidate.choice)).toEqual([1, 2]);
  });

  it("drops chat quotes from a parse error", () => {
    const answer = answerOutcome(
      {
        kind: "invalid_log",
        error: {
          code: "ambiguous_duration",
          message: "The duration is a range, such as “15-20 min”.",
        },
      },
      false,
      today,
    );

    expect(answer.speech).toBe("Not recorded. The duration is a range, such as 15-20 min.");
    expect(answer.error?.code).toBe("ambiguous_duration");
  });

  it("explains a refusal for a patient not enrolled", () => {
    const answer = answerOutcome(
      {
        kind: "log",
        result: { status: "refused", code: "not_enrolled", patient: jane, serviceDate: today },
      },
      false,
      today,
    );

    expect(answer.speech).toBe(
      "Not recorded. J. D. is not enrolled in care management, so the time cannot be billed. Enroll the patient in chat, then log again.",
    );
    expect(answer.recorded).toBe(false);
  });

  it("names the role that cannot log time", () => {
    const answer = answerOutcome(
      { kind: "not_provider", intent: "log", role: "billing" },
      false,
      today,
    );

    expect(answer.status).toBe("not_allowed");
    expect(answer.speech).toBe(
      "Your role (billing) cannot log care time. Ask a practice admin to change your role.",
    );
  });
});

describe("answerChoice", () => {
  it("asks again for a position outside the list", () => {
    const answer = answerChoice({ status: "invalid_position", pendingLogId: 3, choices: 2 }, today);

    expect(answer).toMatchObject({ status: "choose_patient", pendingLogId: 3, recorded: false });
    expect(answer.speech).toBe("Say a number from 1 to 2.");
  });

  it("asks for an MRN when there is no list", () => {
    const answer = answerChoice({ status: "invalid_position", pendingLogId: 3, choices: 0 }, today);

    expect(answer.speech).toBe(
      "This log has no list to choose from. Answer with the patient's MRN.",
    );
  });
});

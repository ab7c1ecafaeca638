import { enrollPatient } from "../../services/enroll-patient.ts";
import { totalForPatientText } from "../../services/patient-total.ts";
import { summarizeProviderMonth } from "../../services/provider-month.ts";
import type { Provider } from "../../services/providers.ts";
import { undoLastEncounter } from "../../services/undo-encounter.ts";
import { localDateOf } from "../../time/calendar.ts";
import { providerMonthReply } from "../replies/home-replies.ts";
import { replyToMessage, replyToUndo } from "../replies/message-replies.ts";
import { type Reply, textReply } from "../reply.ts";
import type { Command } from "./command.ts";
import { enrollLineExample, parseEnrollLine } from "./enroll-line.ts";

export const enrollCommand: Command = {
  name: "enroll",
  usage:
    "enroll NAME, MRN 123456, DOB YYYY-MM-DD, conditions: A, B, consent: verbal|written [YYYY-MM-DD]",
  summary: "enroll a patient with documented consent",
  async run(context, request) {
    const provider = request.provider as Provider;
    const today = localDateOf(request.instant, context.timeZone);
    const { fields, problems } = parseEnrollLine(request.args, today);
    if (problems.length > 0 || !fields.mrn) {
      return textReply(
        "private",
        [`Not enrolled. Missing or unreadable: ${problems.join("; ")}.`],
        ["Example: ", { code: enrollLineExample }],
      );
    }
    const result = await enrollPatient(context, provider, {
      ...fields,
      mrn: fields.mrn,
      consentDate: fields.consentDate ?? today,
      consentObtainedBy:
        fields.consentObtainedBy ??
        provider.displayName ??
        `${provider.platform}:${provider.platformUserId}`,
    });
    return replyToEnrollment(result);
  },
};

function replyToEnrollment(result: Awaited<ReturnType<typeof enrollPatient>>): Reply {
  if (result.status === "invalid") {
    return textReply("private", [
      `Not enrolled: ${result.problems.map((problem) => problem.message).join(" ")}`,
    ]);
  }
  const who = `${result.patient.name} (MRN ${result.patient.mrn})`;
  if (result.status === "already_enrolled")
    return textReply("private", [`${who} is already enrolled. Nothing changed.`]);
  return textReply("private", [
    `Enrolled ${who}. Time logged for this patient from the consent date on now counts.`,
  ]);
}

export const totalCommand: Command = {
  name: "total",
  usage: "total [PATIENT]",
  summary:
    "show a patient's minutes this month and what is missing; without a patient, all of yours",
  async run(context, request) {
    if (request.args.trim() === "") {
      const provider = request.provider as Provider;
      return providerMonthReply(await summarizeProviderMonth(context, provider.id));
    }
    const outcome = await totalForPatientText(context, request.args, request.instant);
    return (
      replyToMessage(outcome) ??
      textReply("private", ["Which patient? Try ", { code: "/ccm total Jane Doe" }, "."])
    );
  },
};

export const undoCommand: Command = {
  name: "undo",
  usage: "undo",
  summary: "undo the last time you logged",
  async run(context, request) {
    return replyToUndo(await undoLastEncounter(context, request.provider as Provider));
  },
};

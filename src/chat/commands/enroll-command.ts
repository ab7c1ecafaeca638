import { enrollPatient } from "../../services/enroll-patient.ts";
import { type EnrollmentInput, validateEnrollment } from "../../services/enrollment-rules.ts";
import type { Provider } from "../../services/providers.ts";
import { localDateOf } from "../../time/calendar.ts";
import { blankEnrollmentValues } from "../forms/enrollment-form.ts";
import { replyToEnrollment } from "../replies/enrollment-replies.ts";
import { type Inline, type Reply, textReply } from "../reply.ts";
import type { Command } from "./command.ts";
import { type EnrollLineFields, enrollLineExample, parseEnrollLine } from "./enroll-line.ts";

/**
 * `/ccm enroll` opens the enrollment form where the platform has dialogs; with text it reads the
 * one-line form and reports every missing or invalid part at once.
 */
export const enrollCommand: Command = {
  name: "enroll",
  usage:
    "enroll [NAME, MRN 123456, DOB YYYY-MM-DD, conditions: A, B, consent: verbal|written [YYYY-MM-DD], told: all]",
  summary: "enroll a patient with documented consent; without text, open the enrollment form",
  async run(context, request) {
    const provider = request.provider as Provider;
    const today = localDateOf(request.instant, context.timeZone);
    const userName = provider.displayName ?? request.user.displayName;
    if (request.args.trim() === "") return enrollFormReply(today, userName);

    const { fields, problems } = parseEnrollLine(request.args, today);
    const input = toEnrollmentInput(
      fields,
      today,
      userName ?? `${provider.platform}:${provider.platformUserId}`,
    );
    const reported = new Set(problems.map((problem) => problem.field));
    const ruleProblems = validateEnrollment(input, today).filter(
      (problem) => !reported.has(problem.field),
    );
    if (problems.length > 0 || ruleProblems.length > 0) {
      const lines: Inline[][] = [
        ["Not enrolled; nothing was saved. Fix these and send the line again:"],
      ];
      if (problems.length > 0) {
        lines.push([
          `• Missing or unreadable: ${problems.map((problem) => problem.text).join("; ")}.`,
        ]);
      }
      lines.push(...ruleProblems.map((problem) => [`• ${problem.message}`]));
      lines.push(["Example: ", { code: enrollLineExample }]);
      return textReply("private", ...lines);
    }
    return replyToEnrollment(await enrollPatient(context, provider, input), input);
  },
};

function toEnrollmentInput(
  fields: EnrollLineFields,
  today: string,
  obtainedBy: string,
): EnrollmentInput {
  return {
    name: fields.name,
    mrn: fields.mrn ?? "",
    dateOfBirth: fields.dateOfBirth,
    conditions: fields.conditions,
    program: fields.program,
    consentType: fields.consentType,
    consentDate: fields.consentDate ?? today,
    consentObtainedBy: fields.consentObtainedBy ?? obtainedBy,
    ...fields.told,
  };
}

/** Opens the form; the text is what platforms without dialogs (the console) show instead. */
function enrollFormReply(today: string, userName: string | undefined): Reply {
  return {
    ...textReply(
      "private",
      ["To enroll a patient, send the details on one line:"],
      [{ code: enrollLineExample }],
    ),
    form: { name: "enrollment", values: blankEnrollmentValues(today, userName) },
  };
}

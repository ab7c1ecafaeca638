import { findPatientsByText } from "../../services/find-patients.ts";
import type { Provider } from "../../services/providers.ts";
import { unenrollPatient } from "../../services/unenroll-patient.ts";
import { replyToUnenroll } from "../replies/enrollment-replies.ts";
import { whichPatientReply } from "../replies/patient-replies.ts";
import { textReply } from "../reply.ts";
import type { Command } from "./command.ts";

/** Words between the patient and the reason, such as the comma in "Jane Doe, moved away". */
const reasonLead = /^[\s,;:–—-]*(?:(?:reason|because)\b[\s:]*)?/i;

/**
 * `/ccm unenroll NAME|MRN [reason]`: ends the enrollment at the end of the current month. Only
 * an exact match is acted on; several or similar patients are listed to choose by MRN.
 */
export const unenrollCommand: Command = {
  name: "unenroll",
  usage: "unenroll NAME|MRN [, REASON]",
  summary: "end a patient's enrollment at the end of this month",
  async run(context, request) {
    const text = request.args.trim();
    if (text === "") {
      return textReply("private", [
        "Which patient? Try ",
        { code: "/ccm unenroll 100234, consent withdrawn" },
        ".",
      ]);
    }
    const lookup = await findPatientsByText(context, text);
    switch (lookup.status) {
      case "matched": {
        const reason = lookup.rest.replace(reasonLead, "").trim();
        const result = await unenrollPatient(
          context,
          request.provider as Provider,
          lookup.patient.id,
          reason,
        );
        return replyToUnenroll(result);
      }
      case "ambiguous":
      case "similar":
        return whichPatientReply(lookup.candidates, "/ccm unenroll 100234, consent withdrawn");
      case "unknown":
        return textReply("private", [`No patient matches “${lookup.text}”. Nothing changed.`]);
    }
  },
};

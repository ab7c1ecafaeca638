import { totalForPatientText } from "../../services/patient-total.ts";
import { summarizeProviderMonth } from "../../services/provider-month.ts";
import type { Provider } from "../../services/providers.ts";
import { undoLastEncounter } from "../../services/undo-encounter.ts";
import { providerMonthReply } from "../replies/home-replies.ts";
import { replyToMessage, replyToUndo } from "../replies/message-replies.ts";
import { textReply } from "../reply.ts";
import type { Command } from "./command.ts";

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

import { findPatientsByText } from "../../services/find-patients.ts";
import { describePatients } from "../../services/patient-details.ts";
import { whoisReply } from "../replies/patient-replies.ts";
import { textReply } from "../reply.ts";
import type { Command } from "./command.ts";

/** `/ccm whois J. Doe`: lists every patient the reference could mean, in a private reply. */
export const whoisCommand: Command = {
  name: "whois",
  usage: "whois NAME|MRN",
  summary: "show the patients a name or MRN could mean (only you see it)",
  async run(context, request) {
    const text = request.args.trim();
    if (text === "") {
      return textReply("private", [
        "Whom should I look up? Try ",
        { code: "/ccm whois J. Doe" },
        ".",
      ]);
    }
    const lookup = await findPatientsByText(context, text);
    switch (lookup.status) {
      case "matched":
        return whoisReply(
          await describePatients(context, [lookup.patient]),
          `One patient matches “${text}”:`,
        );
      case "ambiguous":
        return whoisReply(
          await describePatients(context, lookup.candidates),
          `${lookup.candidates.length} patients match “${text}”:`,
        );
      case "similar":
        return whoisReply(
          await describePatients(context, lookup.candidates),
          `No exact match for “${text}”. Similar names and MRNs:`,
        );
      case "unknown":
        return textReply("private", [
          `No patient matches “${text}”. Check the spelling, or search with part of the name: `,
          { code: "/ccm patients Doe" },
          ".",
        ]);
    }
  },
};

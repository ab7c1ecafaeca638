import { listEnrolledPatients } from "../../services/patient-list.ts";
import { patientPageReply } from "../replies/patient-replies.ts";
import type { Command } from "./command.ts";

/** `/ccm patients [filter]`: the enrolled patients, a page at a time, with this month's minutes. */
export const patientsCommand: Command = {
  name: "patients",
  usage: "patients [FILTER]",
  summary: "list enrolled patients with this month's minutes (only you see it)",
  async run(context, request) {
    const filter = request.args.trim();
    return patientPageReply(await listEnrolledPatients(context, filter, 0), filter);
  },
};

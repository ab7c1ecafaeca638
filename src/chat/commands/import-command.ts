import type { ServiceContext } from "../../services/context.ts";
import type { Provider } from "../../services/providers.ts";
import { rosterHeaderExample } from "../../services/roster-csv.ts";
import { importRoster } from "../../services/roster-import.ts";
import { replyToImport } from "../replies/import-replies.ts";
import { type Reply, textReply } from "../reply.ts";
import type { Command } from "./command.ts";

/** `/ccm import` with CSV lines pasted after it; uploaded files go through `importRosterFile`. */
export const importCommand: Command = {
  name: "import",
  usage: "import (then CSV lines, or upload a .csv file)",
  summary: "add or update patients from a CSV roster",
  async run(context, request) {
    if (request.args.trim() === "") return importHelpReply();
    return importRosterFile(context, request.provider as Provider, request.args);
  },
};

/**
 * Imports roster CSV content from any source (pasted text or an uploaded file's bytes) and
 * returns the row-by-row report. Adapters call this for uploads.
 */
export async function importRosterFile(
  context: ServiceContext,
  provider: Provider,
  content: Uint8Array | string,
): Promise<Reply> {
  return replyToImport(await importRoster(context, provider, content));
}

function importHelpReply(): Reply {
  return textReply(
    "private",
    [
      "Send the roster as CSV: upload a .csv file in a direct message with the bot (or in a channel, with the word “import” in the message), or paste the lines after ",
      { code: "/ccm import" },
      ". The first line names the columns:",
    ],
    [{ code: rosterHeaderExample }],
    [
      "Conditions in one cell are separated by semicolons. Dates are YYYY-MM-DD or M/D/YYYY. A row whose MRN is already on file updates that patient.",
    ],
  );
}

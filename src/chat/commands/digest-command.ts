import { billingSettingsOf } from "../../services/context.ts";
import { buildDailyDigest, defaultDigestWindowMinutes } from "../../services/daily-digest.ts";
import { localDateOf } from "../../time/calendar.ts";
import { digestReply } from "../replies/digest-replies.ts";
import type { Command } from "./command.ts";

/** `/ccm digest`: today's digest built from the current data, shown only to the requesting user. */
export const digestCommand: Command = {
  name: "digest",
  usage: "digest",
  summary: "show today's digest of patients close to their next code (only to you)",
  async run(context, request) {
    const today = localDateOf(request.instant, context.timeZone);
    const window = context.digestWindowMinutes ?? defaultDigestWindowMinutes;
    const fees = billingSettingsOf(context).feeSchedule;
    const { digest } = await buildDailyDigest(context.db, today, window, fees);
    return digestReply(digest, "private");
  },
};

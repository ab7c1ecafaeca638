import { summarizeProviderMonth } from "../../services/provider-month.ts";
import type { Provider } from "../../services/providers.ts";
import { providerMonthReply } from "../replies/home-replies.ts";
import type { Command } from "./command.ts";

/**
 * `/ccm home`: the provider's month at a glance, the content of Slack's App Home tab. Adapters
 * without a home tab (the console, Teams) show it on request.
 */
export const homeCommand: Command = {
  name: "home",
  usage: "home",
  summary: "show your patients this month with the minutes left to their next code",
  async run(context, request) {
    const provider = request.provider as Provider;
    return providerMonthReply(await summarizeProviderMonth(context, provider.id));
  },
};

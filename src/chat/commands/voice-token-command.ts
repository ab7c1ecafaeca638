import type { Provider } from "../../services/providers.ts";
import { createVoiceToken, revokeVoiceTokens } from "../../services/voice-tokens.ts";
import { type Reply, textReply } from "../reply.ts";
import type { Command } from "./command.ts";

/**
 * `/ccm voice-token` creates the provider's bearer token for `POST /voice/log` and shows it once,
 * privately. `/ccm voice-token revoke` turns it off. A new token replaces the earlier one.
 */
export const voiceTokenCommand: Command = {
  name: "voice-token",
  usage: "voice-token [revoke]",
  summary: "create your token for logging time by voice (shown once), or revoke it",
  async run(context, request) {
    const provider = request.provider as Provider;
    const option = request.args.trim().toLowerCase();
    if (option === "revoke") {
      const count = await revokeVoiceTokens(context, provider);
      return count > 0
        ? textReply("private", ["Your voice token is revoked. Requests that use it now get 401."])
        : textReply("private", ["You have no active voice token. Nothing changed."]);
    }
    if (option !== "") {
      return textReply("private", [
        `Unknown option “${option}”. Use `,
        { code: "/ccm voice-token" },
        " to create a token or ",
        { code: "/ccm voice-token revoke" },
        " to revoke it.",
      ]);
    }
    const created = await createVoiceToken(context, provider);
    return tokenReply(created.token, created.replaced);
  },
};

/** Builds the reply that shows the token. Its summary leaves the token out, because notifications show the summary. */
function tokenReply(token: string, replaced: boolean): Reply {
  const paragraphs = textReply(
    "private",
    ["Your voice token, shown only this once: ", { code: token }],
    [
      "Send it with each ",
      { code: "POST /voice/log" },
      " request in the header ",
      { code: "Authorization: Bearer <token>" },
      ". The bot's README shows how to set up an iOS Shortcut or an Android routine.",
    ],
    [
      replaced ? "Your earlier token no longer works. " : "",
      "Revoke this one with ",
      { code: "/ccm voice-token revoke" },
      " if your phone is lost.",
    ],
  );
  return { ...paragraphs, summary: "Your new voice token is shown once, below." };
}

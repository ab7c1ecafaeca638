/**
 * Origins the bot sends its token or a reply to: Slack's file host and response-URL host, plus
 * the origin of SLACK_API_URL when set (tests point it at a fake Slack on 127.0.0.1). A URL from
 * an event payload is used only when its origin is in this set, so a forged or unexpected URL
 * never receives the bot token.
 */
export function trustedSlackOrigins(apiUrl: string | undefined): ReadonlySet<string> {
  const origins = new Set(["https://files.slack.com", "https://hooks.slack.com"]);
  if (apiUrl) origins.add(new URL(apiUrl).origin);
  return origins;
}

export function isTrustedSlackUrl(url: string, origins: ReadonlySet<string>): boolean {
  try {
    return origins.has(new URL(url).origin);
  } catch {
    return false;
  }
}

/** Slack escapes `&`, `<` and `>` in command text; this gives back what the user typed. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

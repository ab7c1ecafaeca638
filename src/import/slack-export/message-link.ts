/**
 * Builds a reference to find a message again. With the workspace's domain it is Slack's permalink,
 * `https://acme.slack.com/archives/C0123/p1772460900000100`, plus the thread for a reply. The
 * export does not name the domain, so without it the link is the channel id and ts.
 */
export function messageLink(
  workspace: string | undefined,
  channelId: string,
  ts: string,
  threadTs?: string,
): string {
  if (!workspace) return `${channelId}/${ts}`;
  const base = `https://${workspace}.slack.com/archives/${channelId}/p${ts.replace(".", "")}`;
  if (!threadTs) return base;
  const query = new URLSearchParams({ thread_ts: threadTs, cid: channelId });
  return `${base}?${query.toString()}`;
}

/**
 * Reads the `--workspace` value: "acme", "acme.slack.com" or "https://acme.slack.com/" all give
 * "acme" (an Enterprise Grid workspace keeps its ".enterprise" part). Returns undefined when the
 * value is not a Slack workspace domain.
 */
export function parseWorkspace(value: string): string | undefined {
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .replace(/\.slack\.com$/, "");
  return /^[a-z0-9][a-z0-9-]*(\.enterprise)?$/.test(host) ? host : undefined;
}

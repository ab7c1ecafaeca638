import { report, serveParent } from "./child-runtime.ts";
import { TimingSlackApi } from "./timing-slack-api.ts";

/** How often new thread replies are reported to the parent. */
const reportIntervalMs = 100;

/**
 * Runs the timing fake of the Slack Web API in its own process, so that receiving the bot's
 * calls does not delay the load generator, and reports each thread reply's arrival time.
 */
export async function runSlackApi(): Promise<void> {
  const fake = new TimingSlackApi();
  await fake.start();
  let reported = 0;
  const sendNewReplies = () => {
    const entries = [...fake.replyTimes].slice(reported);
    reported += entries.length;
    if (entries.length > 0) report({ type: "replies", entries });
  };
  const timer = setInterval(sendNewReplies, reportIntervalMs);
  report({
    type: "ready",
    port: Number(new URL(fake.apiUrl).port),
    memory: { rss: 0, heapUsed: 0 },
  });
  await serveParent(async () => {});

  clearInterval(timer);
  sendNewReplies();
  await fake.stop();
  report({ type: "stopped", errorLogs: 0 });
}

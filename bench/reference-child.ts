import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySlackRequest } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import express from "express";
import type { ChildOptions } from "./child-process.ts";
import { report, sampleMemory, serveParent, settle, startCpuReports } from "./child-runtime.ts";

/**
 * Runs the Slack benchmark's reference: a bare express app that checks the signature with
 * Bolt's verifier, returns 200, then posts a thread reply through @slack/web-api.
 */
export async function runReference(
  options: Extract<ChildOptions, { mode: "reference" }>,
): Promise<void> {
  const client = new WebClient("xoxb-bench", {
    slackApiUrl: options.slackApiUrl,
    retryConfig: { retries: 0 },
  });
  const app = express();
  app.post("/slack/events", express.raw({ type: "*/*" }), (request, response) => {
    const body = (request.body as Buffer).toString("utf8");
    try {
      verifySlackRequest({
        signingSecret: options.signingSecret,
        body,
        headers: {
          "x-slack-signature": String(request.headers["x-slack-signature"]),
          "x-slack-request-timestamp": Number(request.headers["x-slack-request-timestamp"]),
        },
      });
    } catch {
      response.status(401).end();
      return;
    }
    response.status(200).end();
    const event = (JSON.parse(body) as { event: { channel: string; ts: string } }).event;
    client.chat
      .postMessage({ channel: event.channel, thread_ts: event.ts, text: "ok" })
      .catch(() => {});
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  await settle();
  report({ type: "ready", port: (server.address() as AddressInfo).port, memory: sampleMemory() });
  const stopCpuReports = startCpuReports();
  await serveParent(async () => {});
  stopCpuReports();

  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  report({ type: "stopped", errorLogs: 0 });
}

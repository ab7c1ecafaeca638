import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/**
 * A minimal stand-in for the Slack Web API on 127.0.0.1 that notes when each thread reply
 * arrives. Every method returns `ok: true` and nothing else is kept, so a long run stays small.
 * The test suite's fake records every call with its headers and payload, which is more than
 * thousands of benchmark events need.
 */
export class TimingSlackApi {
  /**
   * When the first reply for each thread `ts` arrived, in milliseconds since the epoch with
   * sub-millisecond precision, so other processes on this machine can compare their own times.
   */
  readonly replyTimes = new Map<string, number>();
  private server: Server | undefined;
  private nextTs = 1_773_000_000;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request).then(
        (body) => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify(body));
        },
        (error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Base URL for SLACK_API_URL. */
  get apiUrl(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/api/`;
  }

  private async handle(request: IncomingMessage): Promise<Record<string, unknown>> {
    const arrivedAt = performance.timeOrigin + performance.now();
    const method = (request.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);

    if (method === "chat.postMessage" || method === "chat.postEphemeral") {
      const threadTs = readThreadTs(Buffer.concat(chunks).toString("utf8"), request);
      if (threadTs && !this.replyTimes.has(threadTs)) this.replyTimes.set(threadTs, arrivedAt);
    }
    const ts = `${this.nextTs++}.000100`;
    if (method === "chat.postMessage") return { ok: true, ts, message: { ts } };
    if (method === "auth.test") return { ok: true, user_id: "UBOT", bot_id: "BBOT" };
    return { ok: true };
  }
}

/** Reads `thread_ts` from a Web API call, which @slack/web-api sends form-encoded or as JSON. */
function readThreadTs(body: string, request: IncomingMessage): string | undefined {
  if ((request.headers["content-type"] ?? "").includes("application/json")) {
    const value = (JSON.parse(body) as { thread_ts?: unknown }).thread_ts;
    return typeof value === "string" ? value : undefined;
  }
  return new URLSearchParams(body).get("thread_ts") ?? undefined;
}

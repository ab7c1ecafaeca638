import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One call the bot made to the fake Slack: a Web API method or a response URL. */
export interface RecordedSlackCall {
  method: string;
  params: Record<string, unknown>;
  headers: IncomingMessage["headers"];
}

interface ScriptedFailure {
  status: number;
  retryAfterSeconds?: number;
  error?: string;
}

/**
 * A small stand-in for the Slack Web API on 127.0.0.1 that records what the bot sends. Methods
 * return `ok: true` with plausible fields; `failNext` scripts errors such as 429 or 500.
 */
export class FakeSlackApi {
  readonly calls: RecordedSlackCall[] = [];
  private server: Server | undefined;
  private nextTs = 1_773_000_000;
  private failures = new Map<string, ScriptedFailure[]>();

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request)
        .then(({ status, body, headers }) => {
          response.writeHead(status, { "content-type": "application/json", ...headers });
          response.end(JSON.stringify(body));
        })
        .catch((error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** Returns a response URL to put in slash command and action payloads. */
  responseUrl(id = "1"): string {
    return `${this.baseUrl}/response/${id}`;
  }

  failNext(method: string, failure: ScriptedFailure): void {
    const queue = this.failures.get(method) ?? [];
    queue.push(failure);
    this.failures.set(method, queue);
  }

  callsTo(method: string): RecordedSlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Waits until `predicate` is true for the recorded calls, or fails after `timeoutMs`. */
  async waitFor(
    predicate: (calls: RecordedSlackCall[]) => boolean,
    timeoutMs = 5_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) {
        const methods = this.calls.map((call) => call.method).join(", ");
        throw new Error(`Timed out waiting for Slack calls; recorded: [${methods}]`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async handle(request: IncomingMessage) {
    const raw = await readBody(request);
    const url = new URL(request.url ?? "/", this.baseUrl);
    const method = url.pathname.startsWith("/api/")
      ? url.pathname.slice("/api/".length)
      : `response:${url.pathname}`;
    const params = parseParams(raw, request.headers["content-type"] ?? "");
    this.calls.push({ method, params, headers: request.headers });

    const failure = this.failures.get(method)?.shift();
    if (failure) return this.failureResponse(failure);
    return { status: 200, body: this.success(method, params), headers: {} };
  }

  private failureResponse(failure: ScriptedFailure) {
    const headers: Record<string, string> = {};
    if (failure.retryAfterSeconds !== undefined)
      headers["retry-after"] = String(failure.retryAfterSeconds);
    const body = {
      ok: false,
      error: failure.error ?? (failure.status === 429 ? "ratelimited" : "internal_error"),
    };
    return { status: failure.status, body, headers };
  }

  private success(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const ts = `${this.nextTs++}.000100`;
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1", user: "ccm" };
      case "chat.postMessage":
        return { ok: true, channel: params.channel, ts, message: { ts } };
      case "chat.postEphemeral":
        return { ok: true, message_ts: ts };
      case "chat.update":
        return { ok: true, channel: params.channel, ts: params.ts };
      case "views.publish":
        return { ok: true, view: { id: `V${ts}`, type: "home" } };
      default:
        return { ok: true };
    }
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a request body; the Web API client sends forms whose object fields (blocks) are JSON strings. */
function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a Bot Connector call did, from its method and path. */
export type ConnectorCallKind = "create_conversation" | "send" | "reply" | "update";

/** One call the bot made to the fake connector. */
export interface RecordedConnectorCall {
  kind: ConnectorCallKind;
  method: string;
  path: string;
  conversationId?: string;
  /** The activity replied to (reply) or replaced (update). */
  activityId?: string;
  body: Record<string, unknown>;
  headers: IncomingMessage["headers"];
  /** The HTTP status of the fake's response. */
  status: number;
}

interface ScriptedFailure {
  status: number;
  retryAfterSeconds?: number;
}

/**
 * A stand-in for the Bot Framework connector service (`serviceUrl`) on 127.0.0.1. It records every
 * `v3/conversations/…` call the bot makes and responds with generated ids. `failNext` scripts
 * error responses such as 401, 429 or 503 for the next calls of one kind.
 */
export class FakeBotConnector {
  readonly calls: RecordedConnectorCall[] = [];
  private server: Server | undefined;
  private nextId = 1;
  private failures = new Map<ConnectorCallKind, ScriptedFailure[]>();

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

  /** The `serviceUrl` to put in activities, with the trailing slash Teams uses. */
  get serviceUrl(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/`;
  }

  failNext(kind: ConnectorCallKind, failure: ScriptedFailure): void {
    const queue = this.failures.get(kind) ?? [];
    queue.push(failure);
    this.failures.set(kind, queue);
  }

  /** Calls that posted or replaced a message, optionally only those of one conversation. */
  messages(conversationId?: string): RecordedConnectorCall[] {
    return this.calls.filter(
      (call) =>
        call.kind !== "create_conversation" &&
        call.body.type === "message" &&
        (conversationId === undefined || call.conversationId === conversationId),
    );
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Waits until `predicate` is true for the recorded calls, or fails after `timeoutMs`. */
  async waitFor(
    predicate: (calls: RecordedConnectorCall[]) => boolean,
    timeoutMs = 5_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) {
        const seen = this.calls.map((call) => `${call.kind} ${call.path} ${call.status}`);
        throw new Error(`Timed out waiting for connector calls; recorded: [${seen.join(", ")}]`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async handle(request: IncomingMessage) {
    const raw = await readBody(request);
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const route = matchRoute(request.method ?? "GET", url.pathname);
    if (!route) return { status: 404, body: { error: { code: "NotFound" } }, headers: {} };

    const failure = this.failures.get(route.kind)?.shift();
    const status = failure?.status ?? (route.kind === "create_conversation" ? 201 : 200);
    this.calls.push({
      ...route,
      method: request.method ?? "",
      path: url.pathname,
      body: raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>),
      headers: request.headers,
      status,
    });
    if (failure) return this.failureResponse(failure);

    const id = `${route.kind === "create_conversation" ? "a:personal-" : "activity-"}${this.nextId++}`;
    const body = route.kind === "update" ? { id: route.activityId } : { id };
    return { status, body, headers: {} };
  }

  private failureResponse(failure: ScriptedFailure) {
    const headers: Record<string, string> = {};
    if (failure.retryAfterSeconds !== undefined)
      headers["retry-after"] = String(failure.retryAfterSeconds);
    const body = { error: { code: `Status${failure.status}`, message: "scripted failure" } };
    return { status: failure.status, body, headers };
  }
}

function matchRoute(
  method: string,
  pathname: string,
): { kind: ConnectorCallKind; conversationId?: string; activityId?: string } | undefined {
  if (method === "POST" && pathname === "/v3/conversations") return { kind: "create_conversation" };
  const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(pathname);
  if (!match?.[1]) return undefined;
  const conversationId = decodeURIComponent(match[1]);
  const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
  if (method === "PUT" && activityId) return { kind: "update", conversationId, activityId };
  if (method !== "POST") return undefined;
  return activityId
    ? { kind: "reply", conversationId, activityId }
    : { kind: "send", conversationId };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

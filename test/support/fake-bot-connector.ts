import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What a Bot Connector call did, from its method and path. `upload` is a PUT to a OneDrive
 * upload session of a file consent, which this fake serves on the same port.
 */
export type ConnectorCallKind =
  | "create_conversation"
  | "send"
  | "reply"
  | "update"
  | "get_member"
  | "upload"
  | "download";

/** A member of a team or chat, as `GET v3/conversations/{id}/members/{memberId}` returns it. */
export interface FakeMember {
  id: string;
  name: string;
  aadObjectId: string;
}

/** One call the bot made to the fake connector. */
export interface RecordedConnectorCall {
  kind: ConnectorCallKind;
  method: string;
  path: string;
  conversationId?: string;
  /** The activity replied to (reply) or replaced (update). */
  activityId?: string;
  /** The JSON body; empty for an upload, whose bytes are in `rawBody`. */
  body: Record<string, unknown>;
  rawBody: string;
  headers: IncomingMessage["headers"];
  /** The HTTP status of the fake's response. */
  status: number;
  /** The id the fake gave a new message, which later updates and button presses refer to. */
  responseId?: string;
}

interface ScriptedFailure {
  status: number;
  retryAfterSeconds?: number;
}

/**
 * A stand-in for the Bot Framework connector service (`serviceUrl`) on 127.0.0.1. It records every
 * `v3/conversations/…` call the bot makes and responds with generated ids, returns the members
 * added with `addMember`, accepts file uploads under `/upload/` and serves the files added with
 * `addFile` under `/files/`. `failNext` scripts error
 * responses such as 401, 429 or 503 for the next calls of one kind.
 */
export class FakeBotConnector {
  readonly calls: RecordedConnectorCall[] = [];
  private server: Server | undefined;
  private nextId = 1;
  private failures = new Map<ConnectorCallKind, ScriptedFailure[]>();
  private members = new Map<string, FakeMember>();
  private files = new Map<string, string>();

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request)
        .then(({ status, body, headers }) => {
          response.writeHead(status, { "content-type": "application/json", ...headers });
          response.end(typeof body === "string" ? body : JSON.stringify(body));
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

  /** Makes `GET …/members/{member.id}` return the member in every conversation. */
  addMember(member: FakeMember): void {
    this.members.set(member.id, member);
  }

  /** Returns an upload session URL on this fake, like the one in a file consent's `uploadInfo`. */
  uploadUrl(name: string): string {
    return `${this.serviceUrl}upload/${encodeURIComponent(name)}`;
  }

  /** Serves `content` and returns its URL, as a file's `downloadUrl` in a 1:1 chat. */
  addFile(name: string, content: string): string {
    this.files.set(name, content);
    return `${this.serviceUrl}files/${encodeURIComponent(name)}`;
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
    const member = route.kind === "get_member" ? this.members.get(route.memberId ?? "") : undefined;
    const status =
      failure?.status ??
      (route.kind === "get_member" && !member
        ? 404
        : route.kind === "create_conversation"
          ? 201
          : 200);
    const isJson = raw !== "" && route.kind !== "upload";
    const call: RecordedConnectorCall = {
      kind: route.kind,
      conversationId: route.conversationId,
      activityId: route.activityId,
      method: request.method ?? "",
      path: url.pathname,
      body: isJson ? (JSON.parse(raw) as Record<string, unknown>) : {},
      rawBody: raw,
      headers: request.headers,
      status,
    };
    this.calls.push(call);
    if (failure) return this.failureResponse(failure);
    if (route.kind === "get_member") {
      return member
        ? { status, body: member, headers: {} }
        : { status, body: { error: { code: "MemberNotFoundInConversation" } }, headers: {} };
    }
    if (route.kind === "upload") return { status, body: { id: "uploaded" }, headers: {} };
    if (route.kind === "download") {
      const content = this.files.get(route.fileName ?? "");
      return content === undefined
        ? { status: 404, body: {}, headers: {} }
        : { status, body: content, headers: { "content-type": "text/csv" } };
    }

    const id = `${route.kind === "create_conversation" ? "a:personal-" : "activity-"}${this.nextId++}`;
    if (route.kind !== "update") call.responseId = id;
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

interface Route {
  kind: ConnectorCallKind;
  conversationId?: string;
  activityId?: string;
  memberId?: string;
  fileName?: string;
}

function matchRoute(method: string, pathname: string): Route | undefined {
  if (method === "POST" && pathname === "/v3/conversations") return { kind: "create_conversation" };
  if (method === "PUT" && pathname.startsWith("/upload/")) return { kind: "upload" };
  if (method === "GET" && pathname.startsWith("/files/")) {
    return { kind: "download", fileName: decodeURIComponent(pathname.slice("/files/".length)) };
  }
  const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(pathname);
  if (method === "GET" && member?.[1] && member[2]) {
    return {
      kind: "get_member",
      conversationId: decodeURIComponent(member[1]),
      memberId: decodeURIComponent(member[2]),
    };
  }
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

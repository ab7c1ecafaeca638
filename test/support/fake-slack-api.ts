import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One call the bot made to the fake Slack: a Web API method or a response URL. */
export interface RecordedSlackCall {
  method: string;
  params: Record<string, unknown>;
  headers: IncomingMessage["headers"];
  /** The HTTP status the fake answered with; 0 while the call is held. */
  status: number;
}

interface ScriptedFailure {
  status: number;
  retryAfterSeconds?: number;
  error?: string;
}

/** A file the bot uploaded through files.uploadV2, by the id getUploadURLExternal gave it. */
export interface UploadedFile {
  fileId: string;
  filename: string;
  content: string;
}

/**
 * A small stand-in for the Slack Web API on 127.0.0.1 that records what the bot sends. Methods
 * return `ok: true` with plausible fields; `failNext` scripts errors such as 429 or 500. File
 * uploads work as Slack's external upload flow does: getUploadURLExternal hands out an upload URL
 * on this server, the file is POSTed there (multipart), and completeUploadExternal shares it.
 * `startOutage` fails everything and `hold` keeps calls waiting.
 */
export class FakeSlackApi {
  readonly calls: RecordedSlackCall[] = [];
  readonly uploads: UploadedFile[] = [];
  private nextFileNumber = 1;
  private server: Server | undefined;
  private nextTs = 1_773_000_000;
  private failures = new Map<string, ScriptedFailure[]>();
  private files = new Map<string, { content: Buffer; info: Record<string, unknown> }>();
  private outage: ScriptedFailure | undefined;
  private holds = new Map<string, { released: Promise<void>; release: () => void }>();

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request)
        .then(({ status, body, headers }) => {
          if (Buffer.isBuffer(body)) {
            response.writeHead(status, { "content-type": "text/csv", ...headers });
            response.end(body);
            return;
          }
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

  /**
   * Serves `content` as a private file at `/files/<id>` and describes it in `files.info`.
   * Returns the Slack file object a message event carries.
   */
  addFile(
    id: string,
    content: string | Buffer,
    fields: Record<string, unknown> = {},
  ): Record<string, unknown> {
    const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    const info = {
      id,
      name: `${id}.csv`,
      filetype: "csv",
      mimetype: "text/csv",
      size: buffer.byteLength,
      url_private: `${this.baseUrl}/files/${id}`,
      url_private_download: `${this.baseUrl}/files/${id}?download=1`,
      ...fields,
    };
    this.files.set(id, { content: buffer, info });
    return info;
  }

  failNext(method: string, failure: ScriptedFailure): void {
    const queue = this.failures.get(method) ?? [];
    queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Fails every call until `endOutage`, as Slack does while it is down. */
  startOutage(failure: ScriptedFailure = { status: 503, error: "service_unavailable" }): void {
    this.outage = failure;
  }

  endOutage(): void {
    this.outage = undefined;
  }

  /**
   * Keeps calls to `method` waiting, recorded but unanswered, until the returned function is
   * called; an event handler that made such a call is in flight.
   */
  hold(method: string): () => void {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.set(method, { released, release });
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  /** Calls to `method` that the fake answered with 200. */
  succeededCalls(method: string): RecordedSlackCall[] {
    return this.calls.filter((call) => call.method === method && call.status === 200);
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
    const url = new URL(request.url ?? "/", this.baseUrl);
    if (url.pathname.startsWith("/files/")) return this.serveFile(request, url);
    if (url.pathname.startsWith("/upload/")) return this.receiveUpload(request, url);
    const raw = await readBody(request);
    const method = url.pathname.startsWith("/api/")
      ? url.pathname.slice("/api/".length)
      : `response:${url.pathname}`;
    const params = parseParams(raw, request.headers["content-type"] ?? "");
    const call: RecordedSlackCall = { method, params, headers: request.headers, status: 0 };
    this.calls.push(call);
    await this.holds.get(method)?.released;

    const failure = this.outage ?? this.failures.get(method)?.shift();
    const response = failure
      ? this.failureResponse(failure)
      : { status: 200, body: this.success(method, params), headers: {} };
    call.status = response.status;
    return response;
  }

  private serveFile(request: IncomingMessage, url: URL) {
    const id = url.pathname.slice("/files/".length);
    this.calls.push({ method: `file:${id}`, params: {}, headers: request.headers, status: 200 });
    const file = this.files.get(id);
    if (!file) return { status: 404, body: { ok: false, error: "file_not_found" }, headers: {} };
    return { status: 200, body: file.content, headers: {} };
  }

  /** The upload step: the client posts the file as multipart form data. */
  private async receiveUpload(request: IncomingMessage, url: URL) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = await new Request(url, {
      method: "POST",
      headers: { "content-type": request.headers["content-type"] ?? "" },
      body: Buffer.concat(chunks),
    }).formData();
    const fileId = url.pathname.slice("/upload/".length);
    const upload = this.uploads.find((entry) => entry.fileId === fileId);
    const parts = [...form.values()];
    const file = parts.find((part) => typeof part !== "string");
    this.calls.push({
      method: `upload:${fileId}`,
      params: {},
      headers: request.headers,
      status: 200,
    });
    if (!upload || file === undefined || typeof file === "string") {
      return { status: 400, body: { ok: false }, headers: {} };
    }
    upload.content = await file.text();
    return { status: 200, body: { ok: true }, headers: {} };
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
      case "files.info": {
        const file = this.files.get(String(params.file));
        return file ? { ok: true, file: file.info } : { ok: false, error: "file_not_found" };
      }
      case "views.open":
        return { ok: true, view: { id: "V1", ...(params.view as object) } };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(params.users)}` } };
      case "files.getUploadURLExternal": {
        const fileId = `F${this.nextFileNumber++}`;
        this.uploads.push({ fileId, filename: String(params.filename), content: "" });
        return { ok: true, file_id: fileId, upload_url: `${this.baseUrl}/upload/${fileId}` };
      }
      case "files.completeUploadExternal":
        return { ok: true, files: params.files };
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

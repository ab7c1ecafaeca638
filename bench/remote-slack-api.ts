import { BenchChild } from "./child-process.ts";

/**
 * The parent's handle on the timing fake of the Slack Web API, which runs in a child process.
 * `replyTimes` fills as the child reports replies; call `sync` to take in the latest reports.
 */
export class RemoteSlackApi {
  /** Arrival time of the first reply for each thread `ts`, in epoch milliseconds. */
  readonly replyTimes = new Map<string, number>();

  private constructor(
    private readonly child: BenchChild,
    readonly apiUrl: string,
  ) {}

  static async start(): Promise<RemoteSlackApi> {
    const child = BenchChild.start({ mode: "slack-api" });
    const ready = await child.next("ready");
    return new RemoteSlackApi(child, `http://127.0.0.1:${ready.port}/api/`);
  }

  /** Takes in the replies the child has reported so far. */
  sync(): void {
    for (const message of this.child.take("replies")) {
      for (const [ts, arrivedAt] of message.entries) this.replyTimes.set(ts, arrivedAt);
    }
  }

  /** Returns true when every `ts` has a reply, after taking in the latest reports. */
  hasRepliesFor(tsList: readonly string[]): boolean {
    this.sync();
    return tsList.every((ts) => this.replyTimes.has(ts));
  }

  /** Stops the child after taking in its last reports. */
  async stop(): Promise<void> {
    try {
      await this.child.stop();
      this.sync();
    } finally {
      this.child.kill();
    }
  }
}

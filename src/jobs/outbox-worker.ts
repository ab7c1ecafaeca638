import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { outbox } from "../../db/schema/index.ts";
import { PlatformError } from "../errors.ts";
import type { Logger } from "../logger.ts";

export type OutboxRow = typeof outbox.$inferSelect;

/** A queued post with what earlier posts about the same claim left behind (such as Slack `ts`). */
export interface OutboxMessage extends OutboxRow {
  earlierResults: Record<string, unknown>[];
}

/** Delivers one post to its platform and returns what to keep for later edits of it. */
export type PostSender = (message: OutboxMessage) => Promise<Record<string, unknown>>;

/** Picks the sender for a channel reference, or undefined when no adapter serves it. */
export type SenderResolver = (channel: string) => PostSender | undefined;

export interface OutboxWorkerOptions {
  pollIntervalMs?: number;
  /** How long a worker owns a row it is sending; another worker may take it after that. */
  leaseMs?: number;
  /**
   * Attempts before a post is marked failed for good. The default, 24, keeps retrying through
   * about two and a half hours of outage with the back-off of `retryDelayMs`.
   */
  maxAttempts?: number;
  batchSize?: number;
  now?: () => Date;
  /**
   * Delivers only posts to these channels and leaves the rest to the workers that serve them;
   * default: every channel. A worker without a sender for a channel marks its posts failed.
   */
  channels?: readonly string[];
}

/**
 * Sends queued posts with retries. Rows are leased with `FOR UPDATE SKIP LOCKED`, so several bot
 * processes on one PostgreSQL never send the same row at the same time. Delivery is at least once:
 * a crash after the platform accepted a post but before the row was marked sent repeats that post.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  /** Passes failed in a row. Only the first is logged as an error, so an outage is one line. */
  private failedPasses = 0;
  private stopping = false;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly batchSize: number;
  private readonly now: () => Date;
  private readonly channels: readonly string[] | undefined;

  constructor(
    private readonly db: Database,
    private readonly senderFor: SenderResolver,
    private readonly logger: Logger,
    options: OutboxWorkerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 24;
    this.batchSize = options.batchSize ?? 20;
    this.now = options.now ?? (() => new Date());
    this.channels = options.channels;
  }

  /** Starts polling for due posts, such as retries whose back-off has passed. */
  start(): void {
    this.timer ??= setInterval(() => this.poke(), this.pollIntervalMs);
    this.timer.unref();
    this.poke();
  }

  /** Runs a delivery pass soon; a pass already under way runs once more after it ends. */
  poke(): void {
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.deliverAll()
      .then(() => this.notePassSucceeded())
      .catch((error: unknown) => this.notePassFailed(error))
      .finally(() => {
        this.running = undefined;
        if (this.rerun) {
          this.rerun = false;
          this.poke();
        }
      });
  }

  private notePassSucceeded(): void {
    if (this.failedPasses > 0) {
      this.logger.info({ failedPasses: this.failedPasses }, "outbox delivery works again");
    }
    this.failedPasses = 0;
  }

  private notePassFailed(error: unknown): void {
    this.failedPasses += 1;
    if (this.failedPasses === 1) {
      this.logger.error({ err: error }, "outbox delivery pass failed; retrying at each poll");
    } else {
      this.logger.debug(
        { err: error, failedPasses: this.failedPasses },
        "outbox pass failed again",
      );
    }
  }

  /** Resolves when no pass is running; tests and shutdown wait on it. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Stops polling and waits for the post being sent. Rows leased for the rest of the pass are
   * released, so another process sends them at once instead of after the lease.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.rerun = false;
    this.stopping = true;
    await this.idle();
  }

  /** Delivers due posts until none is left, or until `stop`; returns how many were sent. */
  async deliverAll(): Promise<number> {
    let sent = 0;
    while (!this.stopping) {
      const batch = await this.leaseDue();
      if (batch.length === 0) return sent;
      for (const [position, row] of batch.entries()) {
        if (this.stopping) {
          await this.releaseLeases(batch.slice(position));
          return sent;
        }
        if (await this.deliver(row)) sent += 1;
      }
    }
    return sent;
  }

  private async releaseLeases(rows: OutboxRow[]): Promise<void> {
    await this.db
      .update(outbox)
      .set({ leasedUntil: null, attempts: sql`${outbox.attempts} - 1` })
      .where(
        inArray(
          outbox.id,
          rows.map((row) => row.id),
        ),
      );
  }

  private async leaseDue(): Promise<OutboxRow[]> {
    const now = this.now();
    return this.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.status, "pending"),
            lte(outbox.nextAttemptAt, now),
            or(isNull(outbox.leasedUntil), lt(outbox.leasedUntil, now)),
            this.channels ? inArray(outbox.channel, [...this.channels]) : undefined,
          ),
        )
        .orderBy(asc(outbox.id))
        .limit(this.batchSize)
        .for("update", { skipLocked: true });
      if (due.length === 0) return due;
      await tx
        .update(outbox)
        .set({
          leasedUntil: new Date(now.getTime() + this.leaseMs),
          attempts: sql`${outbox.attempts} + 1`,
        })
        .where(
          inArray(
            outbox.id,
            due.map((row) => row.id),
          ),
        );
      return due.map((row) => ({ ...row, attempts: row.attempts + 1 }));
    });
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const send = this.senderFor(row.channel);
    if (!send) {
      await this.fail(row, new Error(`No chat adapter serves channel ${row.channel}`), true);
      return false;
    }
    try {
      const result = await send({ ...row, earlierResults: await this.earlierResults(row) });
      await this.db
        .update(outbox)
        .set({ status: "sent", result, sentAt: this.now(), leasedUntil: null, lastError: null })
        .where(eq(outbox.id, row.id));
      this.logger.info(
        { outboxId: row.id, kind: row.kind, claimId: row.claimId },
        "post delivered",
      );
      return true;
    } catch (error) {
      await this.fail(row, error, false);
      return false;
    }
  }

  private async earlierResults(row: OutboxRow): Promise<Record<string, unknown>[]> {
    if (row.claimId === null) return [];
    const rows = await this.db
      .select({ result: outbox.result })
      .from(outbox)
      .where(and(eq(outbox.claimId, row.claimId), eq(outbox.status, "sent"), lt(outbox.id, row.id)))
      .orderBy(asc(outbox.id));
    return rows
      .map((earlier) => earlier.result)
      .filter((result): result is Record<string, unknown> => result !== null);
  }

  private async fail(row: OutboxRow, error: unknown, permanent: boolean): Promise<void> {
    const giveUp = permanent || row.attempts >= this.maxAttempts;
    const delayMs = retryDelayMs(row.attempts, error);
    await this.db
      .update(outbox)
      .set({
        status: giveUp ? "failed" : "pending",
        lastError: error instanceof Error ? error.message : String(error),
        nextAttemptAt: new Date(this.now().getTime() + delayMs),
        leasedUntil: null,
      })
      .where(eq(outbox.id, row.id));
    const fields = { outboxId: row.id, kind: row.kind, attempts: row.attempts, err: error };
    if (giveUp) this.logger.error(fields, "post failed for good; it needs a person to resend it");
    else this.logger.warn({ ...fields, retryInMs: delayMs }, "post failed; retrying later");
  }
}

/** Exponential back-off from 2 s to 10 min, or the platform's Retry-After when it sent one. */
export function retryDelayMs(attempts: number, error: unknown): number {
  if (error instanceof PlatformError && error.retryAfterSeconds !== undefined) {
    return error.retryAfterSeconds * 1000;
  }
  return Math.min(600_000, 2_000 * 2 ** Math.max(0, attempts - 1));
}

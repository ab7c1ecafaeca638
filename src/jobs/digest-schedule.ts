import { Cron } from "croner";
import type { ServiceContext } from "../services/context.ts";
import {
  type DigestDelivery,
  type QueueDigestResult,
  queueDailyDigest,
} from "../services/queue-digest.ts";
import { instantFromLocalTime, localDateOf } from "../time/calendar.ts";

export interface DigestScheduleSettings extends DigestDelivery {
  /** Local time of day in the practice time zone, `HH:MM` (24-hour). */
  time: string;
  /** Wait before trying again after a failed run; default one minute. */
  retryDelayMs?: number;
}

export type DigestRunResult = QueueDigestResult | { status: "not_due"; date: string; dueAt: Date };

/**
 * Posts the daily digest at a local time of day in the practice time zone. croner works out when
 * that time falls, daylight-saving changes included: a time skipped when clocks go forward runs
 * as soon as the clock has jumped, and a time that occurs twice runs at its first occurrence.
 *
 * `runIfDue` reads the service clock, so tests drive it with a fixed clock. At start it runs once,
 * which posts today's digest when the process was down at the hour. Days missed before today are
 * not posted: their lists are stale, and today's digest replaces them. The digest_runs table makes
 * each day's post happen once across restarts and processes.
 */
export class DigestScheduler {
  /** A paused job used only to compute run times; croner does the time zone arithmetic. */
  private readonly schedule: Cron;
  private job: Cron | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private running: Promise<DigestRunResult | undefined> | undefined;

  constructor(
    private readonly context: ServiceContext,
    private readonly settings: DigestScheduleSettings,
  ) {
    this.schedule = new Cron(cronPattern(settings.time), {
      timezone: context.timeZone,
      paused: true,
    });
  }

  /** Returns the instant the digest of practice-local day `date` (`YYYY-MM-DD`) is due. */
  dueAt(date: string): Date {
    // The first run after the last second of the previous day is this day's run.
    const dayStart = instantFromLocalTime(`${date}T00:00`, this.context.timeZone);
    const due = this.schedule.nextRun(new Date(dayStart.getTime() - 1000));
    if (!due) throw new Error(`No digest run found after ${date} for ${this.settings.time}`);
    return due;
  }

  /** Queues today's digest when its time has come and no process has queued it yet. */
  async runIfDue(): Promise<DigestRunResult> {
    const now = this.context.now();
    const today = localDateOf(now, this.context.timeZone);
    const dueAt = this.dueAt(today);
    if (now.getTime() < dueAt.getTime()) return { status: "not_due", date: today, dueAt };
    return queueDailyDigest(this.context, today, this.settings);
  }

  /** Runs once now (catching up after downtime), then at the digest time every day. */
  start(): void {
    this.job ??= new Cron(
      cronPattern(this.settings.time),
      { timezone: this.context.timeZone, unref: true },
      () => this.trigger(),
    );
    this.trigger();
  }

  async stop(): Promise<void> {
    this.job?.stop();
    this.job = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.idle();
  }

  /** Resolves when no run is under way; tests and shutdown wait on it. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.runIfDue()
      .then((result) => {
        if (result.status === "already_queued")
          this.context.logger.info({ date: result.date }, "daily digest already queued");
        return result;
      })
      .catch((error: unknown) => {
        const retryInMs = this.settings.retryDelayMs ?? 60_000;
        this.context.logger.error({ err: error, retryInMs }, "daily digest failed; retrying");
        this.scheduleRetry(retryInMs);
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Tries again after a failure, such as the database being down at the hour. */
  private scheduleRetry(delayMs: number): void {
    if (!this.job || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.trigger();
    }, delayMs);
    this.retryTimer.unref();
  }
}

/** `08:30` becomes the five-field cron pattern `30 8 * * *`. */
export function cronPattern(time: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`Invalid digest time "${time}": expected HH:MM, such as 08:00`);
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}

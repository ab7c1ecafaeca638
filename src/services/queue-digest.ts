import type { Transaction } from "../../db/client.ts";
import { digestRuns } from "../../db/schema/index.ts";
import { billingSettingsOf, type ServiceContext } from "./context.ts";
import { buildDailyDigest, type DailyDigest, type ProviderDigest } from "./daily-digest.ts";
import { enqueuePost } from "./outbox-queue.ts";
import { findPersonalConversations, teamsChannelPrefix } from "./teams-conversations.ts";

/** Destinations of a day's digest. */
export interface DigestDelivery {
  /** A Slack channel id, `teams:<conversation id>` or `console`; undefined sends none. */
  channel?: string;
  /** Also send each provider their own near-threshold patients by direct message. */
  directMessages: boolean;
  windowMinutes: number;
}

/**
 * Outbox payload of a digest post. `channel` posts carry initials and MRN only; `direct` posts go
 * to one provider and name their patients.
 */
export interface DigestPost {
  audience: "channel" | "direct";
  digest: DailyDigest;
}

export type QueueDigestResult =
  | { status: "queued"; date: string; posts: number }
  | { status: "already_queued"; date: string };

/**
 * Queues the digest of the practice-local day `date` exactly once. The digest_runs row and the
 * outbox posts are written in one transaction: of several processes (or restarts) only the one
 * whose insert of the day's row goes through queues posts, and a failure before the commit
 * leaves the day unclaimed for the next try.
 */
export async function queueDailyDigest(
  context: ServiceContext,
  date: string,
  delivery: DigestDelivery,
): Promise<QueueDigestResult> {
  const result = await context.db.transaction(async (tx): Promise<QueueDigestResult> => {
    if (!(await claimDay(tx, date, delivery.channel ?? ""))) {
      return { status: "already_queued", date };
    }
    const { digest, byProvider } = await buildDailyDigest(
      tx,
      date,
      delivery.windowMinutes,
      billingSettingsOf(context).feeSchedule,
    );
    let posts = 0;
    if (delivery.channel) {
      await enqueuePost(tx, {
        kind: "daily_digest",
        channel: delivery.channel,
        payload: { audience: "channel", digest } satisfies DigestPost,
      });
      posts += 1;
    }
    if (delivery.directMessages) posts += await queueDirectMessages(tx, digest, byProvider);
    return { status: "queued", date, posts };
  });

  if (result.status === "queued") {
    context.logger.info({ date, posts: result.posts }, "daily digest queued");
    if (result.posts > 0) context.onOutboxWrite?.();
  }
  return result;
}

/** Inserts the day's row; returns false when another process or an earlier run has it. */
async function claimDay(tx: Transaction, date: string, channel: string): Promise<boolean> {
  const inserted = await tx
    .insert(digestRuns)
    .values({ localDate: date, channel })
    .onConflictDoNothing({ target: digestRuns.localDate })
    .returning({ localDate: digestRuns.localDate });
  return inserted.length > 0;
}

/**
 * Queues one direct message per active provider with near-threshold patients. A Slack user id is
 * a valid chat.postMessage channel and opens the bot's DM with that user. A Teams provider is
 * reached in their personal chat with the bot, so one who never wrote to the bot there gets none.
 */
async function queueDirectMessages(
  tx: Transaction,
  digest: DailyDigest,
  byProvider: ProviderDigest[],
): Promise<number> {
  const active = byProvider.filter((own) => own.active);
  const teamsChats = await findPersonalConversations(
    tx,
    active.filter((own) => own.platform === "teams").map((own) => own.platformUserId),
  );

  let posts = 0;
  for (const own of active) {
    const channel = directChannel(own, teamsChats);
    if (!channel) continue;
    const direct: DailyDigest = {
      ...digest,
      nearThreshold: { groups: [own.group], count: own.count },
      withoutMinutes: undefined,
    };
    await enqueuePost(tx, {
      kind: "daily_digest",
      channel,
      payload: { audience: "direct", digest: direct } satisfies DigestPost,
    });
    posts += 1;
  }
  return posts;
}

/** Returns the outbox channel of a provider's direct messages, or undefined when there is none. */
function directChannel(own: ProviderDigest, teamsChats: Map<string, string>): string | undefined {
  if (own.platform === "slack") return own.platformUserId;
  if (own.platform !== "teams") return undefined;
  const conversationId = teamsChats.get(own.platformUserId);
  return conversationId && `${teamsChannelPrefix}${conversationId}`;
}

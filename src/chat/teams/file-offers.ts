import { randomUUID } from "node:crypto";
import type { Activity } from "botbuilder";
import type { ReplyFile } from "../reply.ts";

/** A file the bot offered in a 1:1 chat and keeps until the user accepts or declines it. */
interface FileOffer {
  userId: string;
  file: ReplyFile;
  expiresAt: number;
}

/** How long an offer can be accepted. */
const offerLifetimeMs = 60 * 60 * 1000;
/** Offers kept at most; the oldest is dropped first, so memory stays bounded. */
const maxOffers = 100;

/** The context of a file consent card, which Teams sends back when the user acts on it. */
export interface FileConsentContext {
  offerId: string;
}

/**
 * Files waiting for the user's consent. Teams lets a bot put a file into a personal chat only
 * through a file consent card: the user accepts, Teams sends an upload URL in the user's OneDrive,
 * and the bot uploads the content there. The content waits in this process's memory meanwhile,
 * because a consent card is too small to carry an export.
 *
 * NOTE: offers live in one bot process. After a restart, or when the consent reaches another
 * process of a multi-process deployment, the reply asks the user to run the command again.
 */
export class FileOffers {
  private readonly offers = new Map<string, FileOffer>();

  constructor(private readonly now: () => Date) {}

  /** Keeps a file for `userId` and returns the offer id to put in the consent card. */
  add(userId: string, file: ReplyFile): string {
    this.dropExpired();
    while (this.offers.size >= maxOffers) {
      const oldest = this.offers.keys().next().value;
      if (oldest === undefined) break;
      this.offers.delete(oldest);
    }
    const offerId = randomUUID();
    this.offers.set(offerId, { userId, file, expiresAt: this.now().getTime() + offerLifetimeMs });
    return offerId;
  }

  /**
   * Removes and returns the offered file. Returns undefined when the offer is unknown, expired, or
   * was made to another user, whose export this user must not receive.
   */
  take(offerId: string, userId: string): ReplyFile | undefined {
    this.dropExpired();
    const offer = this.offers.get(offerId);
    if (!offer || offer.userId !== userId) return undefined;
    this.offers.delete(offerId);
    return offer.file;
  }

  private dropExpired(): void {
    const now = this.now().getTime();
    for (const [offerId, offer] of this.offers) {
      if (offer.expiresAt <= now) this.offers.delete(offerId);
    }
  }
}

/** Builds the message that asks the user to accept a file into their OneDrive. */
export function fileConsentActivity(file: ReplyFile, offerId: string): Partial<Activity> {
  const context: FileConsentContext = { offerId };
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.teams.card.file.consent",
        name: file.filename,
        content: {
          description: file.title,
          sizeInBytes: Buffer.byteLength(file.content, "utf8"),
          acceptContext: context,
          declineContext: context,
        },
      },
    ],
  };
}

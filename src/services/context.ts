import type { Database } from "../../db/client.ts";
import { type BillingSettings, defaultBillingSettings } from "../billing/billing-settings.ts";
import type { Logger } from "../logger.ts";
import type { RosterCache } from "./roster.ts";

/** What every use case needs: storage, the practice's calendar, a clock and a logger. */
export interface ServiceContext {
  db: Database;
  /** IANA zone of the practice; service dates and billing months are local to it. */
  timeZone: string;
  /** The current instant; tests inject a fixed clock. */
  now: () => Date;
  logger: Logger;
  /** Matching index of the patient roster, shared by every request of the process. */
  roster: RosterCache;
  /** Platform user ids that are admins from the start, such as Slack `U0123ABC`. */
  admins: readonly string[];
  /** Where claim posts go: a Slack channel id, `teams:<conversation id>` or `console`. */
  billingChannel?: string;
  /** Patients this many minutes or fewer from their next code are in the digest; default 10. */
  digestWindowMinutes?: number;
  /** Called after a commit that queued posts, so delivery starts without waiting for a poll. */
  onOutboxWrite?: () => void;
  /** Unit caps, the CCM-beside-PCM choice and the fee schedule; absent means the safe defaults. */
  billing?: BillingSettings;
}

export function billingSettingsOf(context: ServiceContext): BillingSettings {
  return context.billing ?? defaultBillingSettings;
}

import type { LogEncounterResult } from "./log-encounter.ts";
import type { MessageOutcome } from "./message-outcome.ts";
import type { LockedMonth } from "./month-lock.ts";
import type { MonthSummary } from "./month-summary.ts";
import type { PatientLabel } from "./patient-label.ts";
import type { ClaimChange } from "./reconcile-claims.ts";

/** An encounter as it counted before an edit or deletion changed it. */
export interface EncounterValues {
  minutes: number;
  serviceDate: string;
  patient: PatientLabel;
}

/** An encounter that stopped counting, with its patient-month after the change. */
export interface VoidedEncounter extends EncounterValues {
  encounterId: number;
  summary: MonthSummary;
  claimChanges: ClaimChange[];
}

/**
 * The effect of editing or deleting a chat message, for an adapter to put into words. Edits that
 * record nothing reuse the kinds of a new message: `ignored` (no change, not a log, a stale or
 * duplicate event), `invalid_log`, `choose_patient`, `unknown_patient` and a refused `log`.
 */
export type EditOutcome =
  | MessageOutcome
  | {
      kind: "edited";
      /** `created` when the message was not a recorded log before the edit. */
      change: "updated" | "created";
      previous?: EncounterValues;
      result: Extract<LogEncounterResult, { encounterId: number }>;
    }
  | {
      kind: "voided";
      /** `edited`: the new text is no longer a log that can be recorded. */
      reason: "edited" | "deleted";
      entry: VoidedEncounter;
      /** The reason the edited text cannot be recorded, for the provider to fix. */
      followUp?: MessageOutcome;
    }
  | {
      kind: "edit_locked";
      patient: PatientLabel;
      /** The billing month (`YYYY-MM`) that no longer takes changes. */
      month: string;
      lock: LockedMonth;
    };

import type { ProviderRole } from "../../db/schema/index.ts";
import type { ParseError } from "../parse/types.ts";
import type { LogEncounterResult } from "./log-encounter.ts";
import type { MonthSummary } from "./month-summary.ts";
import type { PatientLabel } from "./patient-label.ts";
import type { ResolvePendingResult } from "./pending-logs.ts";
import type { UndoResult } from "./undo-encounter.ts";

/**
 * Result of handling one chat message, for an adapter to put into words. Every adapter renders
 * the same outcome, so Slack, Teams and the console behave alike.
 */
export type MessageOutcome =
  /** `intent` is set when a replayed message was an undo or a question, which replays skip. */
  | { kind: "ignored"; intent?: "undo" | "query" }
  | { kind: "duplicate" }
  | {
      kind: "not_provider";
      intent: "log" | "undo" | "query";
      /** Set for a registered provider whose role may not log time, such as billing. */
      role?: ProviderRole;
    }
  | { kind: "invalid_log"; error: ParseError; patient?: PatientLabel }
  | {
      kind: "log";
      result: LogEncounterResult;
      /** The waiting log kept when the patient was not enrolled on the service date. */
      pendingLogId?: number;
    }
  | {
      kind: "choose_patient";
      pendingLogId: number;
      minutes: number;
      serviceDate: string;
      candidates: PatientLabel[];
    }
  | {
      kind: "unknown_patient";
      pendingLogId: number;
      name: string;
      minutes: number;
      serviceDate: string;
    }
  | { kind: "undo"; result: UndoResult }
  | { kind: "total"; patient: PatientLabel; summary: MonthSummary }
  | { kind: "too_many_patients"; count: number }
  | { kind: "total_choose_patient"; candidates: PatientLabel[] }
  | { kind: "total_unknown_patient"; name?: string };

/** The outcome of pressing a patient button on a waiting log. */
export type PendingChoiceOutcome = ResolvePendingResult;

import type { ClosedPendingStatus } from "../../services/pending-logs.ts";

/**
 * Returns why the buttons of a waiting log no longer record it. A resolved log was recorded
 * already, and a cancelled one (by undo, an edit or a deletion) recorded nothing.
 */
export function closedWaitingLogText(pendingStatus: ClosedPendingStatus): string {
  if (pendingStatus === "resolved") return "That log was already recorded.";
  return "That waiting log was cancelled, so nothing was recorded for it. To log the time, send the log again.";
}

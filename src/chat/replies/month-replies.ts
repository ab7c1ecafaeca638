import type { MarkComplexResult } from "../../services/complex-month.ts";
import type { CloseMonthResult, ReopenMonthResult } from "../../services/month-close.ts";
import { monthLabel } from "../../time/calendar.ts";
import { type Reply, textReply } from "../reply.ts";
import { lockedMonthText } from "./message-replies.ts";
import { monthProgress, patientTag } from "./wording.ts";

const monthExample = "2026-02";

/** Builds the reply to `/ccm close`. */
export function replyToClose(result: CloseMonthResult): Reply {
  switch (result.status) {
    case "closed": {
      const counts = Object.entries(result.claimCounts)
        .map(([status, count]) => `${count} ${status}`)
        .join(", ");
      return textReply("private", [
        `Closed ${monthLabel(result.month)}. Claims: ${counts || "none"}. Logs dated in it, undos and edits are now refused; `,
        { code: `/ccm reopen ${result.month}` },
        " opens it again.",
      ]);
    }
    case "already_closed":
      return textReply("private", [
        `${monthLabel(result.month)} was already closed on ${result.closedAt.toISOString().slice(0, 10)}. Nothing changed.`,
      ]);
    case "not_allowed":
      return textReply("private", ["Only billing staff or an admin can close a month."]);
    case "invalid_month":
      return invalidMonthReply(result.text, "close");
    case "month_not_over":
      return textReply("private", [
        `${monthLabel(result.month)} has not ended yet in the practice time zone, so it cannot be closed. Close it once the month is over.`,
      ]);
  }
}

/** Builds the reply to `/ccm reopen`. */
export function replyToReopen(result: ReopenMonthResult): Reply {
  switch (result.status) {
    case "reopened":
      return textReply("private", [
        `Reopened ${monthLabel(result.month)}. Logs, undos and edits dated in it are accepted again.`,
      ]);
    case "not_closed":
      return textReply("private", [`${monthLabel(result.month)} is not closed. Nothing changed.`]);
    case "not_allowed":
      return textReply("private", ["Only billing staff or an admin can reopen a month."]);
    case "invalid_month":
      return invalidMonthReply(result.text, "reopen");
  }
}

function invalidMonthReply(text: string, command: string): Reply {
  return textReply("private", [
    `Invalid month “${text}”: expected YYYY-MM. Try `,
    { code: `/ccm ${command} ${monthExample}` },
    ".",
  ]);
}

/** Builds the reply to `/ccm complex`. */
export function replyToComplex(result: MarkComplexResult, month: string): Reply {
  switch (result.status) {
    case "marked":
    case "unmarked":
    case "unchanged": {
      const state = result.complex ? "marked complex" : "not marked complex";
      const verb = result.status === "unchanged" ? "was already" : "is now";
      return textReply(
        "private",
        [...patientTag(result.patient), ` ${verb} ${state} for ${monthLabel(month)}.`],
        monthProgress(result.summary),
      );
    }
    case "not_allowed":
      return textReply("private", [
        "Only clinical staff, physicians or an admin can mark a month complex.",
      ]);
    case "not_found":
      return textReply("private", ["The patient no longer exists in the roster."]);
    case "invalid_month":
      return invalidMonthReply(result.text, "complex Jane Doe");
    case "future_month":
      return textReply("private", [
        `${monthLabel(result.month)} has not started yet. Mark a month as complex once care in it is under way.`,
      ]);
    case "not_in_ccm":
      return textReply("private", [
        `Not changed: ${result.patient.initials} (MRN ${result.patient.mrn}) has no CCM enrollment in ${monthLabel(result.month)}, and complex codes (99487/99489) are CCM codes. A PCM patient stays in PCM.`,
      ]);
    case "locked":
      return textReply("private", [`Not changed: ${lockedMonthText(result.lock, result.patient)}`]);
  }
}

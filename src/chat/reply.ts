import type { FormRequest } from "./forms/form.ts";

/**
 * A platform-neutral reply. The shared reply builders fill it in once, and each adapter only
 * renders it (Block Kit, Adaptive Card or console text), so every platform says the same thing.
 * All strings are plain text: each renderer escapes them for its own markup.
 */
export type Inline = string | { bold: string } | { code: string };

export type ReplyBlock =
  | { type: "text"; lines: Inline[][] }
  | { type: "quote"; label: string; text: string }
  | { type: "buttons"; buttons: ReplyButton[] }
  | { type: "context"; text: string };

/** Names of the interactive actions; adapters route button presses back by these. */
export const actionNames = {
  undoEncounter: "ccm_undo_encounter",
  choosePatient: "ccm_choose_patient",
  retryPendingLog: "ccm_retry_pending_log",
  enrollForLog: "ccm_enroll_for_log",
  patientsPage: "ccm_patients_page",
  setClaimStatus: "ccm_set_claim_status",
} as const;
export type ActionName = (typeof actionNames)[keyof typeof actionNames];

export interface ReplyButton {
  label: string;
  action: ActionName;
  /** Opaque to the platform; the action handler parses it back. */
  value: string;
  style?: "primary" | "danger";
}

/** A file for the person who asked, such as a claims export. */
export interface ReplyFile {
  filename: string;
  title: string;
  content: string;
}

export interface Reply {
  /**
   * One line for notifications and screen readers, which in thread replies never names a patient.
   * Inline parts let a renderer keep a command example exact, such as the `_` of `clinical_staff`.
   */
  summary: string | Inline[];
  blocks: ReplyBlock[];
  /**
   * Files that adapters deliver privately to the person who asked (Slack: a direct message), never
   * to a channel, because exports carry MRNs.
   */
  files?: ReplyFile[];
  /**
   * `thread`: visible to the channel, so initials and MRN only. `private`: only the person who
   * wrote can see it (Slack ephemeral, Teams 1:1 or the same card), so names may appear.
   */
  audience: "thread" | "private";
  /**
   * A form to open in place of this reply where the platform has dialogs (a Slack modal, a
   * Teams dialog). The blocks stay the answer on platforms without them, such as the console.
   */
  form?: FormRequest;
}

/** Builds a reply of one or more plain paragraphs. */
export function textReply(audience: Reply["audience"], ...paragraphs: Inline[][]): Reply {
  return {
    summary: paragraphs.flatMap((line, index) => (index === 0 ? line : [" ", ...line])),
    blocks: [{ type: "text", lines: paragraphs }],
    audience,
  };
}

/** Returns the characters of a line without any formatting. */
export function plainLine(line: Inline[]): string {
  return line.map(plainText).join("");
}

function plainText(part: Inline): string {
  if (typeof part === "string") return part;
  return "bold" in part ? part.bold : part.code;
}

/** Returns the summary of a reply as plain characters, for renderers without inline code. */
export function plainSummary(reply: Pick<Reply, "summary">): string {
  return typeof reply.summary === "string" ? reply.summary : plainLine(reply.summary);
}

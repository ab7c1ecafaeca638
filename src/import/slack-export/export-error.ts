import { CcmError } from "../../errors.ts";

export type SlackExportErrorCode =
  | "export_unreadable"
  | "not_an_export"
  | "invalid_export"
  | "channel_not_found";

/**
 * A Slack export that cannot be imported as a whole. The message names the path or value and
 * what to do, so the command line prints it as it is. A single bad day file is not an error of
 * this kind: it is reported and skipped.
 */
export class SlackExportError extends CcmError {
  constructor(message: string, code: SlackExportErrorCode, options?: { cause?: unknown }) {
    super(message, code, options);
  }
}

/**
 * Exceptions for infrastructure trouble and bugs. Expected failures (bad input, a patient who is
 * not enrolled) are values with a stable `code` instead, returned by the services.
 */
export class CcmError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The database could not be reached or a statement failed for reasons outside the request. */
export class DatabaseUnavailableError extends CcmError {
  constructor(cause: unknown) {
    super("The database is unavailable", "database_unavailable", { cause });
  }
}

/**
 * The database could not be opened or migrated at start. The message names where it looked,
 * without credentials, the innermost cause and the setting to check, so a command line can print
 * it as one line.
 */
export class DatabaseOpenError extends CcmError {
  constructor(where: string, setting: "DATABASE_URL" | "CCM_DATA_DIR", cause: unknown) {
    super(
      `Cannot open the ${where}: ${innermostMessage(cause)}. Check ${setting}${setting === "DATABASE_URL" ? " and that the server is running" : ""}.`,
      "database_open_failed",
      { cause },
    );
  }
}

/**
 * A PGlite data folder is in use by another running process. PGlite allows one process per
 * folder, so the message names the folder, the process and the two ways out.
 */
export class DatabaseLockedError extends CcmError {
  constructor(
    readonly folder: string,
    readonly holderPid: number,
    readonly lockFile: string,
  ) {
    const holder =
      holderPid === process.pid
        ? "this process already has it open"
        : `process ${holderPid} is using it`;
    super(
      `Cannot open the PGlite database in ${folder}: ${holder} (lock file ${lockFile}). PGlite allows one process per folder, so stop the other process first, or set DATABASE_URL to a PostgreSQL server to run several processes.`,
      "database_locked",
    );
  }
}

/**
 * Returns the message of the deepest `cause`, which names the problem (drizzle wraps it in its
 * query).
 */
function innermostMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  return message.replace(/\.$/, "");
}

/** A chat platform rejected or failed a call; `retryAfterSeconds` comes from a 429 response. */
export class PlatformError extends CcmError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, "platform_error", options);
  }
}

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

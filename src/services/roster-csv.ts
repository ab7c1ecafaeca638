import { CsvError, parse } from "csv-parse/sync";

/** Largest roster accepted: about 20,000 rows of typical width, far more than one practice. */
export const maxRosterBytes = 2 * 1024 * 1024;
/** Most data rows in one import, so that one import finishes in seconds. */
export const maxRosterRows = 5_000;

export type RosterColumn =
  | "name"
  | "mrn"
  | "dateOfBirth"
  | "conditions"
  | "consentType"
  | "consentDate"
  | "program"
  | "consentObtainedBy";

/** Column headers as practices write them, after lower-casing and turning `_-.` into spaces. */
const headerNames: Record<RosterColumn, readonly string[]> = {
  name: ["name", "patient", "patient name", "full name"],
  mrn: ["mrn", "medical record number", "record number"],
  dateOfBirth: ["date of birth", "dob", "birth date", "birthdate"],
  conditions: ["conditions", "chronic conditions", "diagnoses", "diagnosis"],
  consentType: ["consent type", "consent"],
  consentDate: ["consent date", "date of consent", "consented on"],
  program: ["program"],
  consentObtainedBy: ["consent obtained by", "obtained by"],
};

const requiredColumns: readonly RosterColumn[] = [
  "name",
  "mrn",
  "dateOfBirth",
  "conditions",
  "consentType",
  "consentDate",
];

/** The header line a roster should start with; error messages show it as the fix. */
export const rosterHeaderExample = "name,MRN,date of birth,conditions,consent type,consent date";

export interface RosterRow {
  /** Line of the file where the row ends, counting the header as line 1. */
  line: number;
  values: Partial<Record<RosterColumn, string>>;
  /** How many values the row had, when it differs from the number of header columns. */
  valueCount?: number;
}

export type RosterFileError = {
  code:
    | "too_large"
    | "not_utf8"
    | "empty"
    | "invalid_csv"
    | "missing_columns"
    | "duplicate_column"
    | "no_rows"
    | "too_many_rows";
  message: string;
};

export type RosterParseResult =
  | { ok: true; rows: RosterRow[]; ignoredColumns: string[]; columnCount: number }
  | { ok: false; error: RosterFileError };

/**
 * Reads a roster CSV: a header line naming the columns, then one patient a line. Accepts a
 * UTF-8 byte order mark, Windows or Unix line endings and quoted values with commas or line
 * breaks. Any problem with the file as a whole is returned as one error, so an import writes
 * nothing from a file it cannot read completely.
 */
export function parseRosterCsv(content: Uint8Array | string): RosterParseResult {
  const size = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
  if (size > maxRosterBytes) return tooLarge(size);
  const text = decode(content);
  if (text === undefined) {
    return fail(
      "not_utf8",
      "The file is not UTF-8 text. Save it as “CSV UTF-8” and send it again.",
    );
  }
  if (text.replace(/^\uFEFF/, "").trim() === "") {
    return fail(
      "empty",
      `The roster is empty. Its first line must name the columns: ${rosterHeaderExample}.`,
    );
  }

  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with its position; the typings only know plain records.
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return fail("invalid_csv", describeCsvError(error));
  }
  return readRecords(records);
}

function readRecords(records: { record: string[]; info: { lines: number } }[]): RosterParseResult {
  const [header, ...body] = records;
  if (!header)
    return fail(
      "empty",
      `The roster is empty. Its first line must name the columns: ${rosterHeaderExample}.`,
    );
  const columns = mapHeader(header.record);
  if (!columns.ok) return columns;
  if (body.length === 0) {
    return fail("no_rows", "The roster has a header line but no patients below it.");
  }
  if (body.length > maxRosterRows) {
    return fail(
      "too_many_rows",
      `The roster has ${body.length} rows; at most ${maxRosterRows} are imported at once. Split it into smaller files.`,
    );
  }
  const rows = body.map(({ record, info }) => {
    const values: RosterRow["values"] = {};
    columns.byIndex.forEach((column, index) => {
      if (column) values[column] = record[index] ?? "";
    });
    const row: RosterRow = { line: info.lines, values };
    if (record.length !== header.record.length) row.valueCount = record.length;
    return row;
  });
  return { ok: true, rows, ignoredColumns: columns.ignored, columnCount: header.record.length };
}

function mapHeader(
  header: string[],
):
  | { ok: true; byIndex: (RosterColumn | undefined)[]; ignored: string[] }
  | { ok: false; error: RosterFileError } {
  const byIndex = header.map(columnOf);
  for (const column of requiredColumns) {
    if (byIndex.filter((found) => found === column).length > 1) {
      return fail(
        "duplicate_column",
        `The column “${headerNames[column][0]}” appears twice in the header. Keep one.`,
      );
    }
  }
  const missing = requiredColumns.filter((column) => !byIndex.includes(column));
  if (missing.length > 0) {
    const names = missing.map((column) => `“${headerNames[column][0]}”`).join(", ");
    return fail(
      "missing_columns",
      `The roster is missing the column${missing.length > 1 ? "s" : ""} ${names}. Its first line must name the columns: ${rosterHeaderExample}.`,
    );
  }
  const ignored = header.filter((_, index) => byIndex[index] === undefined && header[index] !== "");
  return { ok: true, byIndex, ignored };
}

function columnOf(header: string): RosterColumn | undefined {
  const key = header
    .toLowerCase()
    .replace(/[_\-.]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const entry = Object.entries(headerNames).find(([, names]) => names.includes(key));
  return entry?.[0] as RosterColumn | undefined;
}

function decode(content: Uint8Array | string): string | undefined {
  if (typeof content === "string") return content;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
}

function describeCsvError(error: CsvError): string {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? ` near line ${line}` : "";
  const reasons: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: "a quoted value is never closed",
    CSV_INVALID_CLOSING_QUOTE: "a closing quote is followed by more text",
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "a closing quote is followed by more text",
  };
  const reason = reasons[error.code] ?? "the CSV is malformed";
  return `The file is not valid CSV${where}: ${reason}. Quote values that contain commas, such as "Doe, Jane", and send it again.`;
}

function tooLarge(size: number): RosterParseResult {
  return { ok: false, error: tooLargeError(size) };
}

/** The error for a roster over the size limit; `size` in bytes. */
export function tooLargeError(size: number): RosterFileError {
  const megabytes = (size / (1024 * 1024)).toFixed(1);
  return {
    code: "too_large",
    message: `The roster is ${megabytes} MB; the limit is ${maxRosterBytes / (1024 * 1024)} MB. Split it into smaller files.`,
  };
}

function fail(
  code: RosterFileError["code"],
  message: string,
): { ok: false; error: RosterFileError } {
  return { ok: false, error: { code, message } };
}

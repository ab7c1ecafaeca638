/** One patient as the parser sees the roster; `id` is the roster or database id as text. */
export interface RosterEntry {
  id: string;
  name: string;
  mrn: string;
  aliases?: readonly string[];
}

/**
 * Result of resolving a message's patient reference against the roster. Ambiguous candidates
 * are sorted ids, shared with the roster index and frozen, so they are read-only.
 */
export type PatientReference =
  | { status: "matched"; id: string }
  | { status: "ambiguous"; candidates: readonly string[] }
  | { status: "unknown"; text: string };

/** A half-open range `[start, end)` of UTF-16 code unit offsets into a message. */
export interface TextSpan {
  start: number;
  end: number;
}

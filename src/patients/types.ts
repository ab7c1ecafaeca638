/** One patient as the parser sees the roster; `id` is the roster or database id as text. */
export interface RosterEntry {
  id: string;
  name: string;
  mrn: string;
  aliases?: readonly string[];
}

/** How a message's patient reference resolved against the roster. */
export type PatientReference =
  | { status: "matched"; id: string }
  | { status: "ambiguous"; candidates: string[] }
  | { status: "unknown"; text: string };

/** A half-open range `[start, end)` of UTF-16 code unit offsets into a message. */
export interface TextSpan {
  start: number;
  end: number;
}

import { findMrnMentions } from "../patients/mrn-reference.ts";
import { tokenizeDurations } from "./duration-tokens.ts";
import { readNumberWords } from "./number-words.ts";

/**
 * A spoken answer to "which patient?": a position in the list read out ("two", "the second
 * one", "number 2") or an MRN ("MRN 100234", or six digits alone).
 */
export type ChoiceAnswer = { kind: "position"; position: number } | { kind: "mrn"; mrn: string };

const ordinalWords: ReadonlyMap<string, number> = new Map(
  Object.entries({
    first: 1,
    second: 2,
    third: 3,
    fourth: 4,
    fifth: 5,
    sixth: 6,
    seventh: 7,
    eighth: 8,
    ninth: 9,
    tenth: 10,
  }),
);

/** Words around a position that carry no meaning: "the second one", "number two please". */
const fillerWords = new Set(["the", "number", "no", "option", "choice", "one", "please"]);

/** Digits alone this long are an MRN rather than a position in a short list. */
const minMrnDigits = 3;

/** Reads a spoken answer; returns null when it is neither a position nor an MRN. */
export function readChoiceAnswer(text: string): ChoiceAnswer | null {
  const [labelled] = findMrnMentions(text);
  if (labelled !== undefined) return { kind: "mrn", mrn: labelled.mrn };

  const bareDigits = /^\s*#?\s*(\d+)\s*\.?\s*$/.exec(text);
  if (bareDigits?.[1] !== undefined) {
    const digits = bareDigits[1];
    if (digits.length >= minMrnDigits) return { kind: "mrn", mrn: digits };
    return { kind: "position", position: Number(digits) };
  }
  return readSpokenPosition(text);
}

/** "two", "number two", "the second one", "option 2", "2nd". */
function readSpokenPosition(text: string): ChoiceAnswer | null {
  const tokens = tokenizeDurations(text.toLowerCase()).filter((token) => token.kind !== "symbol");
  let position: number | null = null;
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (token === undefined) break;
    const value = readPositionAt(tokens, index);
    if (value !== null && position === null) {
      position = value.position;
      index = value.next;
      continue;
    }
    // "one" is a filler only after the position ("the second one"); an unknown word means the
    // answer is something else, such as a name.
    if (!fillerWords.has(token.text) || (token.text === "one" && position === null)) return null;
    index += 1;
  }
  return position === null ? null : { kind: "position", position };
}

function readPositionAt(
  tokens: ReturnType<typeof tokenizeDurations>,
  index: number,
): { position: number; next: number } | null {
  const token = tokens[index];
  if (token === undefined) return null;
  if (token.kind === "number") {
    const suffix = tokens[index + 1]?.text ?? "";
    const next = ["st", "nd", "rd", "th"].includes(suffix) ? index + 2 : index + 1;
    return Number.isInteger(Number(token.text)) ? { position: Number(token.text), next } : null;
  }
  const ordinal = ordinalWords.get(token.text);
  if (ordinal !== undefined) return { position: ordinal, next: index + 1 };
  const spelled = readNumberWords(tokens, index);
  if (spelled === null || spelled.thousandths % 1000 !== 0) return null;
  return { position: spelled.thousandths / 1000, next: spelled.next };
}

/** Tokens for the duration grammar: numbers, words and single symbols, with their offsets. */
export interface DurationToken {
  kind: "number" | "word" | "symbol";
  /** Lower-case text of the token. */
  text: string;
  start: number;
  end: number;
}

const tokenPattern = /\d+(?:\.\d+)?|[\p{L}\p{M}]+|\S/gu;
/** The same for ASCII text, which most messages are; the plain pattern runs several times faster. */
const asciiTokenPattern = /\d+(?:\.\d+)?|[A-Za-z]+|\S/g;
const nonAscii = /[\u0080-\uffff]/;
const letterStart = /^[\p{L}\p{M}]/u;

/** Splits `text` into duration tokens; "1h15m" gives "1", "h", "15", "m". */
export function tokenizeDurations(text: string): DurationToken[] {
  const tokens: DurationToken[] = [];
  const pattern = nonAscii.test(text) ? tokenPattern : asciiTokenPattern;
  for (const match of text.matchAll(pattern)) {
    const raw = match[0];
    tokens.push({
      kind: kindOf(raw),
      text: raw.toLowerCase(),
      start: match.index,
      end: match.index + raw.length,
    });
  }
  return tokens;
}

function kindOf(raw: string): DurationToken["kind"] {
  const code = raw.charCodeAt(0);
  if (code >= 48 && code <= 57) return "number";
  if (code < 128) return (code | 32) >= 97 && (code | 32) <= 122 ? "word" : "symbol";
  return letterStart.test(raw) ? "word" : "symbol";
}

/** A run of tokens read by a grammar rule: its value and the index of the token after it. */
export interface Reading {
  /** Value in thousandths, so that 1.5 hours is exactly 1500 and no float error creeps in. */
  thousandths: number;
  next: number;
}

/**
 * Cap on a number read as a duration amount. Any larger number is clamped to it, which still
 * fails the 24-hour limit, so totals stay finite however many digits a message has.
 */
const maxAmount = 1_000_000;

/**
 * Reads a digit token as thousandths. Decimals beyond the third place are cut off, which
 * rounds down as billing requires.
 */
export function readDigits(token: DurationToken): number {
  if (!token.text.includes(".")) return Math.min(Number(token.text), maxAmount) * 1000;
  const [whole = "", fraction = ""] = token.text.split(".");
  const wholeValue = Math.min(Number(whole), maxAmount);
  return wholeValue * 1000 + Number(fraction.slice(0, 3).padEnd(3, "0"));
}

/** Tokens for the duration grammar: numbers, words and single symbols, with their offsets. */
export interface DurationToken {
  kind: "number" | "word" | "symbol";
  /** Lower-case text of the token. */
  text: string;
  start: number;
  end: number;
}

const tokenPattern = /\d+(?:\.\d+)?|[\p{L}\p{M}]+|\S/gu;
const digitOnly = /^\d/;
const letterStart = /^[\p{L}\p{M}]/u;

/** Splits `text` into duration tokens; "1h15m" gives "1", "h", "15", "m". */
export function tokenizeDurations(text: string): DurationToken[] {
  const tokens: DurationToken[] = [];
  for (const match of text.matchAll(tokenPattern)) {
    const raw = match[0];
    tokens.push({
      kind: digitOnly.test(raw) ? "number" : letterStart.test(raw) ? "word" : "symbol",
      text: raw.toLowerCase(),
      start: match.index,
      end: match.index + raw.length,
    });
  }
  return tokens;
}

/** A run of tokens read by a grammar rule: its value and the index of the token after it. */
export interface Reading {
  /** Value in thousandths, so that 1.5 hours is exactly 1500 and no float error creeps in. */
  thousandths: number;
  next: number;
}

/** Largest number the grammar reads; a longer run of digits is an id or a phone number. */
const maxNumber = 1_000_000;

/**
 * Reads a digit token as thousandths. Decimals beyond the third place are cut off, which
 * rounds down as billing requires. Returns null for numbers too large to be a duration.
 */
export function readDigits(token: DurationToken): number | null {
  const [whole = "", fraction = ""] = token.text.split(".");
  const wholeValue = Number(whole);
  if (!Number.isFinite(wholeValue) || wholeValue > maxNumber) return null;
  const fractionValue = Number(fraction.slice(0, 3).padEnd(3, "0"));
  return wholeValue * 1000 + fractionValue;
}

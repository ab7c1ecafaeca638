import type { DurationToken, Reading } from "./duration-tokens.ts";

/** Spelled numbers as dictation writes them: "fifteen", "forty-five", "one point five". */

const smallNumbers: ReadonlyMap<string, number> = new Map(
  Object.entries({
    zero: 0,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
  }),
);

const tens: ReadonlyMap<string, number> = new Map(
  Object.entries({
    twenty: 20,
    thirty: 30,
    forty: 40,
    fourty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
  }),
);

/** Returns true when `word` can start a spelled number. */
export function isNumberWord(word: string): boolean {
  return smallNumbers.has(word) || tens.has(word);
}

/**
 * Reads a spelled number at `start` ("twenty five", "forty-five", "a hundred and twenty",
 * "one point five") as thousandths. Returns null when no number word starts there.
 */
export function readNumberWords(tokens: readonly DurationToken[], start: number): Reading | null {
  const whole = readWholeNumber(tokens, start);
  if (whole === null) return null;
  if (tokens[whole.next]?.text !== "point") return whole;

  let fraction = "";
  let position = whole.next + 1;
  while (fraction.length < 3) {
    const digit = smallNumbers.get(tokens[position]?.text ?? "");
    if (digit === undefined || digit > 9) break;
    fraction += String(digit);
    position += 1;
  }
  if (fraction === "") return whole;
  return { thousandths: whole.thousandths + Number(fraction.padEnd(3, "0")), next: position };
}

/** "forty five", "forty-five", "fifteen", "one hundred twenty", "a hundred and ten". */
function readWholeNumber(tokens: readonly DurationToken[], start: number): Reading | null {
  const hundreds = readHundreds(tokens, start);
  const restStart = hundreds === null ? start : skipWord(tokens, hundreds.next, "and");
  const rest = readBelowHundred(tokens, restStart);
  if (hundreds === null) return rest;
  if (rest === null) return hundreds;
  return { thousandths: hundreds.thousandths + rest.thousandths, next: rest.next };
}

function readHundreds(tokens: readonly DurationToken[], start: number): Reading | null {
  const word = tokens[start]?.text ?? "";
  const count = word === "a" ? 1 : smallNumbers.get(word);
  if (count === undefined || tokens[start + 1]?.text !== "hundred") return null;
  return { thousandths: count * 100_000, next: start + 2 };
}

function readBelowHundred(tokens: readonly DurationToken[], start: number): Reading | null {
  const word = tokens[start]?.text ?? "";
  const small = smallNumbers.get(word);
  if (small !== undefined) return { thousandths: small * 1000, next: start + 1 };

  const tensValue = tens.get(word);
  if (tensValue === undefined) return null;
  const unitStart = tokens[start + 1]?.text === "-" ? start + 2 : start + 1;
  const unit = smallNumbers.get(tokens[unitStart]?.text ?? "");
  if (unit !== undefined && unit >= 1 && unit <= 9) {
    return { thousandths: (tensValue + unit) * 1000, next: unitStart + 1 };
  }
  return { thousandths: tensValue * 1000, next: start + 1 };
}

function skipWord(tokens: readonly DurationToken[], position: number, word: string): number {
  return tokens[position]?.text === word ? position + 1 : position;
}

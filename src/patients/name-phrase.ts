import { calendarWords, commonWords } from "./common-words.ts";
import type { NameToken } from "./name-tokens.ts";

/** Token range `[first, last]` (inclusive) of a phrase that reads as a person's name. */
export interface TokenRange {
  first: number;
  last: number;
}

const nameParticles = new Set([
  "de",
  "del",
  "della",
  "da",
  "di",
  "du",
  "la",
  "le",
  "van",
  "von",
  "der",
  "den",
]);

/** Returns true for a capitalised word that is neither a common word nor an acronym ("PCP"). */
export function isNameLikeToken(token: NameToken): boolean {
  if (!token.capitalised || token.allCaps) return false;
  if (token.folded.length < 2) return false;
  return !commonWords.has(token.folded) && !calendarWords.has(token.folded);
}

/** Returns true for a capital letter followed by a period, as in "J. Doe". */
function isInitialToken(token: NameToken): boolean {
  return token.folded.length === 1 && token.capitalised && token.followedByPeriod;
}

/**
 * Grows `range` over name-like neighbours on the same line. "Delbert" matched as a first name
 * grows to "Delbert Quince", which shows that the message names someone else.
 */
export function extendNamePhrase(tokens: readonly NameToken[], range: TokenRange): TokenRange {
  let { first, last } = range;
  while (first > 0 && (tokens[first] as NameToken).gap === "join") {
    const previous = tokens[first - 1] as NameToken;
    if (!isNameLikeToken(previous) && !isInitialToken(previous)) break;
    first -= 1;
  }
  while (last + 1 < tokens.length) {
    const next = tokens[last + 1] as NameToken;
    if (next.gap !== "join" || !isNameLikeToken(next)) break;
    last += 1;
  }
  return { first, last };
}

/**
 * Finds the phrase that names a patient missing from the roster: capitalised words after a
 * cue ("with Delbert Quince", "w/ J. Doe"), or else two or more name-like words in a row. In an
 * all lower-case message, which has no capitals to go by, it is two possible name words after
 * a cue ("with delbert quince").
 */
export function findNamePhrase(
  tokens: readonly NameToken[],
  isLowerCase = false,
): TokenRange | null {
  for (let position = 0; position < tokens.length; position += 1) {
    if (!(tokens[position] as NameToken).afterCue) continue;
    const range = readPhraseAt(tokens, position);
    if (range !== null) return range;
  }
  for (let position = 0; position < tokens.length; position += 1) {
    const range = readPhraseAt(tokens, position);
    if (range !== null && range.last > range.first) return range;
  }
  if (!isLowerCase) return null;
  for (let position = 0; position + 1 < tokens.length; position += 1) {
    if (!(tokens[position] as NameToken).afterCue) continue;
    const range = extendLowerCaseName(tokens, { first: position, last: position });
    if (range.last > range.first && isPossibleNameWord(tokens[position] as NameToken)) return range;
  }
  return null;
}

/**
 * Grows a one-word match in an all lower-case message, as speech-to-text writes, over the
 * neighbouring word that completes a name: "felix smith" and "john rice" after "with" name
 * someone other than Felix Rice. Only a name right after a cue word is grown, where a name is
 * expected; elsewhere the neighbour is more likely part of the note.
 */
export function extendLowerCaseName(tokens: readonly NameToken[], range: TokenRange): TokenRange {
  const head = tokens[range.first] as NameToken;
  const next = tokens[range.last + 1];
  if (head.afterCue && next?.gap === "join" && isPossibleNameWord(next)) {
    return { first: range.first, last: range.last + 1 };
  }
  const previous = tokens[range.first - 1];
  if (!head.afterCue && head.gap === "join" && previous?.afterCue && isPossibleNameWord(previous)) {
    return { first: range.first - 1, last: range.last };
  }
  return range;
}

/**
 * Returns true for a lower-case word that may be part of a name: not a common, calendar or
 * number word, and not a verb form in "-ing" ("titrating").
 */
function isPossibleNameWord(token: NameToken): boolean {
  if (token.folded.length < 2 || token.folded.endsWith("ing")) return false;
  return !commonWords.has(token.folded) && !calendarWords.has(token.folded);
}

/** Reads initials, name-like words and inner particles from `start`; needs one name-like word. */
function readPhraseAt(tokens: readonly NameToken[], start: number): TokenRange | null {
  let last = -1;
  for (let position = start; position < tokens.length && position < start + 5; position += 1) {
    const token = tokens[position] as NameToken;
    if (position > start && token.gap !== "join") break;
    if (isNameLikeToken(token)) {
      last = position;
    } else if (!isInitialToken(token) && !nameParticles.has(token.folded)) {
      break;
    }
  }
  if (last < 0) return null;
  const head = tokens[start] as NameToken;
  if (!isNameLikeToken(head) && !isInitialToken(head)) return null;
  return { first: start, last };
}

import { foldWord } from "./fold-name.ts";

/** How a word token is separated from the token before it. */
export type TokenGap = "join" | "comma" | "break";

/** A word of a message as name resolution sees it. Offsets index the message text. */
export interface NameToken {
  folded: string;
  start: number;
  /** End of the word, before any period that follows it. */
  end: number;
  capitalised: boolean;
  allCaps: boolean;
  followedByPeriod: boolean;
  gap: TokenGap;
  /** First word of the message, of a line, or after a full stop. */
  sentenceStart: boolean;
  /** Directly after "with", "w/", "for" or "pt", where a name is expected. */
  afterCue: boolean;
}

/** Letters with apostrophes inside ("O'Neil", "D’Angelo"); hyphens and periods split words. */
const wordPattern = /[\p{L}\p{M}]+(?:['’ʼ][\p{L}\p{M}]+)*/gu;
const possessiveEnding = /['’ʼ]s$/i;
const joinGap = /^(?:[ \t]+|[ \t]*[.-][ \t]*|\.-?)$/;
const commaGap = /^[ \t]*,[ \t]*$/;
const cueGap = /^[ \t]*\/?[ \t]*:?[ \t]*$/;
const sentenceBreak = /[\n!?;:]/;
const cueWords = new Set(["with", "w", "for", "pt", "patient"]);

/** Splits `text` into word tokens with the facts that name matching needs. */
export function tokenizeNames(text: string): NameToken[] {
  const tokens: NameToken[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(wordPattern)) {
    const word = match[0];
    const start = match.index;
    const previous = tokens[tokens.length - 1];
    const gapText = text.slice(previousEnd, start);
    tokens.push({
      folded: foldWord(word.replace(possessiveEnding, "")),
      start,
      end: start + word.length,
      capitalised: isUpperCase(word.charAt(0)),
      allCaps: word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase(),
      followedByPeriod: text.charAt(start + word.length) === ".",
      gap: classifyGap(gapText),
      sentenceStart: previous === undefined || isSentenceBreak(gapText, previous),
      afterCue: previous !== undefined && cueWords.has(previous.folded) && isCueGap(gapText),
    });
    previousEnd = start + word.length;
  }
  return tokens;
}

function classifyGap(gapText: string): TokenGap {
  if (gapText === " " || joinGap.test(gapText)) return "join";
  if (commaGap.test(gapText)) return "comma";
  return "break";
}

/** A period after a one-letter word is an initial ("J. Doe"), not the end of a sentence. */
function isSentenceBreak(gapText: string, previous: NameToken): boolean {
  if (gapText === " ") return false;
  if (sentenceBreak.test(gapText)) return true;
  return gapText.includes(".") && previous.end - previous.start > 1;
}

function isCueGap(gapText: string): boolean {
  return gapText === " " || cueGap.test(gapText);
}

function isUpperCase(character: string): boolean {
  return character !== character.toLowerCase() && character === character.toUpperCase();
}

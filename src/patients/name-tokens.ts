import { foldWord } from "./fold-name.ts";

/** Separation of a word token from the token before it. */
export type TokenGap = "join" | "comma" | "break";

/** A word of a message with the facts that name resolution uses. Offsets index the message. */
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
  /** Directly after "with", "w/" or "for", where a name is expected. */
  afterCue: boolean;
}

/** Letters with apostrophes inside ("O'Neil", "D’Angelo"); hyphens and periods split words. */
const wordPattern = /[\p{L}\p{M}]+(?:['’ʼ][\p{L}\p{M}]+)*/gu;
/** The same for ASCII text, which most messages are; the plain pattern runs several times faster. */
const asciiWordPattern = /[A-Za-z]+(?:'[A-Za-z]+)*/g;
const nonAscii = /[\u0080-\uffff]/;
const joinGap = /^(?:[ \t]+|[ \t]*[.-][ \t]*|\.-?)$/;
const commaGap = /^[ \t]*,[ \t]*$/;
const cueGap = /^[ \t]*\/?[ \t]*:?[ \t]*$/;
const sentenceBreak = /[\n!?;:]/;
const cueWords = new Set(["with", "w", "for"]);

/** Splits `text` into word tokens with the facts that name matching needs. */
export function tokenizeNames(text: string): NameToken[] {
  const tokens: NameToken[] = [];
  let previousEnd = 0;
  const pattern = nonAscii.test(text) ? wordPattern : asciiWordPattern;
  for (const match of text.matchAll(pattern)) {
    const word = match[0];
    const start = match.index;
    const previous = tokens[tokens.length - 1];
    // Most words follow a single space; that gap needs no slicing or pattern matching.
    const isSingleSpace = start - previousEnd === 1 && text.charCodeAt(previousEnd) === 32;
    const gapText = isSingleSpace ? " " : text.slice(previousEnd, start);
    const capitalised = isUpperCase(word.charAt(0));
    tokens.push({
      folded: foldWord(hasPossessiveEnding(word) ? word.slice(0, -2) : word),
      start,
      end: start + word.length,
      capitalised,
      allCaps: capitalised && word.length > 1 && word === word.toUpperCase(),
      followedByPeriod: text.charCodeAt(start + word.length) === 46,
      gap: isSingleSpace ? "join" : classifyGap(gapText),
      sentenceStart:
        previous === undefined || (!isSingleSpace && isSentenceBreak(gapText, previous)),
      afterCue: previous !== undefined && cueWords.has(previous.folded) && isCueGap(gapText),
    });
    previousEnd = start + word.length;
  }
  return tokens;
}

/** "Wallace's" or "Wallace’s": the possessive is not part of the name. */
function hasPossessiveEnding(word: string): boolean {
  const last = word.charCodeAt(word.length - 1);
  if (last !== 115 && last !== 83) return false;
  const apostrophe = word.charAt(word.length - 2);
  return apostrophe === "'" || apostrophe === "’" || apostrophe === "ʼ";
}

function classifyGap(gapText: string): TokenGap {
  if (joinGap.test(gapText)) return "join";
  if (commaGap.test(gapText)) return "comma";
  return "break";
}

/** Returns true when a gap ends a sentence; a period after one letter is an initial ("J. Doe"). */
function isSentenceBreak(gapText: string, previous: NameToken): boolean {
  if (sentenceBreak.test(gapText)) return true;
  return gapText.includes(".") && previous.end - previous.start > 1;
}

function isCueGap(gapText: string): boolean {
  return gapText === " " || cueGap.test(gapText);
}

function isUpperCase(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  return character !== character.toLowerCase() && character === character.toUpperCase();
}

/**
 * Name folding: the one comparison form for roster names and message words. A folded word is
 * lower case ASCII-like text without accents, apostrophes, periods or hyphens, so "Núñez",
 * "NUNEZ" and "nu\u0301n\u0303ez" (NFD) all fold to "nunez" and "O'Neil" folds to "oneil".
 */

/** Letters that carry no combining mark in NFD and so survive accent stripping. */
const standaloneLetters: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

const plainLowerWord = /^[a-z]*$/;
const combiningMarks = /\p{M}/gu;
const standaloneLetterPattern = /[ßæœøłđðþı]/g;
const nonWordCharacters = /[^\p{L}\p{N}]/gu;

/** Folds one word: lower case, accents stripped, apostrophes and other punctuation dropped. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (plainLowerWord.test(lower)) return lower;
  return lower
    .normalize("NFD")
    .replace(combiningMarks, "")
    .replace(standaloneLetterPattern, (letter) => standaloneLetters[letter] ?? letter)
    .replace(nonWordCharacters, "");
}

const umlauts = /[äöü]|([aou])\u0308/g;

/**
 * Folds a word the German way, where an umlaut is written as a vowel plus "e" ("Müller" gives
 * "mueller"). The roster index stores this spelling beside the plain one.
 */
export function foldWordWithUmlautDigraphs(word: string): string {
  const lower = word.toLowerCase();
  const spelled = lower.replace(umlauts, (letter: string, base: string | undefined) => {
    const vowel = base ?? letter.normalize("NFD").charAt(0);
    return `${vowel}e`;
  });
  return foldWord(spelled);
}

/**
 * Splits a roster name into its words at whitespace. A hyphenated part stays one word, so
 * "Smith-Jones" is one surname, and folding joins it to "smithjones".
 */
export function splitNameWords(name: string): string[] {
  return name
    .normalize("NFC")
    .split(/\s+/u)
    .filter((word) => foldWord(word) !== "");
}

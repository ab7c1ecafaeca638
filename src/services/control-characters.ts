/**
 * Control characters in user text. PostgreSQL cannot store NUL (U+0000) in `text` or `jsonb`, and
 * the other C0 and C1 controls are invisible in chat, so services reject them in fields that
 * identify a patient and remove them from free text. Tab and newline are kept in free text,
 * where they separate words and lines.
 */

const controlCharacter = /\p{Cc}/u;
const controlCharactersInFreeText = /[^\P{Cc}\t\n]/gu;

/** Returns the first control character of `text` as `U+XXXX`, or undefined when there is none. */
export function findControlCharacter(text: string): string | undefined {
  const match = controlCharacter.exec(text);
  if (!match) return undefined;
  const codePoint = match[0].codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Removes control characters from free text such as a note, keeping tabs and newlines. */
export function removeControlCharacters(text: string): string {
  return text.replace(controlCharactersInFreeText, "");
}

import type { TextSpan } from "../patients/types.ts";

/**
 * The note: what the time was spent on. It is the message without the patient reference,
 * durations, date words, and the filler words that only joined them ("spent", "with", "re:").
 */

/**
 * A joining word right before a removed part: "with" of "with Jane Doe", "on" of "on 3/2", "on
 * the" of "on the second of March".
 */
const joinerBefore =
  /(?:^|[\s,])(?:with|w\/?|for|on[ \t]+the|on|at|from|of|re:?|spent|logged|log)[ \t]*$/i;
const leadingFillers =
  /^(?:(?:spent|logged|log|re:?|regarding|about|for|with|w\/|on|and)(?:\s+|$))+/i;
const trailingJoiners = /(?:\s+(?:and|with|w\/|for|on|re:?))+$/i;
const separatorRuns = /[ \t]*([,;:])(?:[ \t]*[,;:.+&-]+)*/g;
const edgePunctuation = /^[\s,;:.+&-]+|[\s,;:+&-]+$|(?<=\S)\.$/g;
const spaces = /[ \t]+/g;

/** Builds the note from `text` without the `removed` spans; returns "" when nothing is left. */
export function buildNote(text: string, removed: readonly (TextSpan | null)[]): string {
  const remainder = keepOutside(text, removed);
  return remainder
    .split("\n")
    .map(tidyLine)
    .filter((line) => line !== "")
    .join("; ");
}

/** Joins the text outside the spans, dropping a joining word that led into each span. */
function keepOutside(text: string, removed: readonly (TextSpan | null)[]): string {
  const spans = removed
    .filter((span): span is TextSpan => span !== null)
    .sort((left, right) => left.start - right.start);
  let remainder = "";
  let position = 0;
  for (const span of spans) {
    if (span.end <= position) continue;
    const before = text.slice(position, Math.max(position, span.start));
    // The joining word sits at the end, so only the last few characters need the pattern.
    const tailStart = Math.max(0, before.length - 12);
    remainder += `${before.slice(0, tailStart)}${before.slice(tailStart).replace(joinerBefore, "")} `;
    position = Math.max(position, span.end);
  }
  return remainder + text.slice(position);
}

function tidyLine(line: string): string {
  let tidy = line.replace(spaces, " ").replace(separatorRuns, "$1").trim();
  // Removing a filler can expose punctuation and the other way round; three passes settle
  // every line seen so far, and most lines settle after one.
  for (let pass = 0; pass < 3; pass += 1) {
    const next = tidy
      .replace(edgePunctuation, "")
      .replace(leadingFillers, "")
      .replace(trailingJoiners, "")
      .trim();
    if (next === tidy) break;
    tidy = next;
  }
  return tidy;
}

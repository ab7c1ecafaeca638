import { calendarWords, commonWords } from "./common-words.ts";
import type { NameToken } from "./name-tokens.ts";
import type { RosterIndex } from "./roster-index.ts";

/**
 * Specificity levels of a name match. Resolution keeps the most specific match in the message.
 * An MRN (level 4) is handled apart from the names, by mrn-reference.ts.
 */
export const matchLevel = { fullName: 3, initialSurname: 2, singleName: 1 } as const;

/** A run of message tokens that names roster patients. */
export interface NameMatch {
  level: number;
  /**
   * Sorted id lists whose union is the match. Merging waits until a match is chosen, because
   * a large roster has thousands of patients behind a common first name.
   */
  idLists: readonly (readonly string[])[];
  /** Index of the first and last token of the run, inclusive. */
  first: number;
  last: number;
}

/** Facts about the whole message that the single-name guard uses. */
export interface MessageFacts {
  text: string;
  /** No capital letter anywhere, as speech-to-text writes. */
  isLowerCase: boolean;
}

const digitAfter = /^[ \t]*\d/;

/**
 * Finds every run of tokens that matches a roster key, sliding a window of up to
 * `index.maxNameTokens` tokens. Windows never cross a line or punctuation break; they cross
 * one comma only for the "Last, First" form.
 */
export function findNameMatches(
  tokens: readonly NameToken[],
  index: RosterIndex,
  facts: MessageFacts,
): NameMatch[] {
  const matches: NameMatch[] = [];
  for (let first = 0; first < tokens.length; first += 1) {
    const head = tokens[first] as NameToken;
    if (head.folded.length > 1 && !index.headWords.has(head.folded)) continue;
    let key = "";
    let crossesComma = false;
    const lastAllowed = Math.min(tokens.length, first + index.maxNameTokens) - 1;
    for (let last = first; last <= lastAllowed; last += 1) {
      const token = tokens[last] as NameToken;
      if (last > first && token.gap === "break") break;
      if (last > first && token.gap === "comma") {
        if (crossesComma) break;
        crossesComma = true;
      }
      key += token.folded;
      const window = { first, last };
      addMatch(matches, window, matchLevel.fullName, index.byFullName.get(key));
      if (crossesComma) continue;
      const initialIds = lookUpInitialForm(tokens, first, last, key, index, facts);
      addMatch(matches, window, matchLevel.initialSurname, initialIds);
      if (acceptsSingleName(tokens, first, last, facts)) {
        const firstNameIds = index.byFirstName.get(key);
        const surnameIds = index.bySurname.get(key);
        addMatch(matches, window, matchLevel.singleName, firstNameIds, surnameIds);
      }
    }
  }
  return matches;
}

function addMatch(
  matches: NameMatch[],
  window: { first: number; last: number },
  level: number,
  ids: readonly string[] | undefined,
  moreIds?: readonly string[],
): void {
  if (ids === undefined && moreIds === undefined) return;
  const idLists =
    ids === undefined
      ? [moreIds as readonly string[]]
      : moreIds === undefined
        ? [ids]
        : [ids, moreIds];
  matches.push({ level, idLists, first: window.first, last: window.last });
}

/** "J. Doe", "R Patel" (initial plus surname) and "J.D." (initials with periods). */
function lookUpInitialForm(
  tokens: readonly NameToken[],
  first: number,
  last: number,
  key: string,
  index: RosterIndex,
  facts: MessageFacts,
): readonly string[] | undefined {
  if (last === first) return undefined;
  const head = tokens[first] as NameToken;
  if (head.folded.length !== 1 || !(head.capitalised || facts.isLowerCase)) return undefined;

  const surnameIds = index.byInitialSurname.get(`${head.folded} ${key.slice(1)}`);
  if (surnameIds !== undefined) return surnameIds;

  const run = tokens.slice(first, last + 1);
  const isInitials = run.every((token) => token.folded.length === 1 && token.followedByPeriod);
  return isInitials ? index.byInitials.get(key) : undefined;
}

/**
 * Decides whether a window may match a first name or surname on its own. The head word must be
 * written as a name (capitalised), follow a cue word such as "with", or sit in an all
 * lower-case message. A common word ("May", "Rice") that starts a sentence is not enough, and
 * a month followed by a number ("June 3") is a date.
 */
function acceptsSingleName(
  tokens: readonly NameToken[],
  first: number,
  last: number,
  facts: MessageFacts,
): boolean {
  const head = tokens[first] as NameToken;
  if (first === last && head.folded.length < 2) return false;
  if (head.allCaps && head.end - head.start <= 3) return false;

  const tail = tokens[last] as NameToken;
  if (calendarWords.has(head.folded) && digitAfter.test(facts.text.slice(tail.end, tail.end + 4))) {
    return false;
  }
  if (head.afterCue || facts.isLowerCase) return true;
  if (!head.capitalised) return false;
  return !(head.sentenceStart && commonWords.has(head.folded));
}

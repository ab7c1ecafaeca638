import { calendarWords, commonWords } from "./common-words.ts";
import type { NameToken } from "./name-tokens.ts";
import type { RosterIndex } from "./roster-index.ts";

/**
 * How specific a match is; resolution keeps the most specific one in the message. An MRN
 * (level 4) is handled apart from the names, by mrn-reference.ts.
 */
export const matchLevel = { fullName: 3, initialSurname: 2, singleName: 1 } as const;

/** A run of message tokens that names roster patients. */
export interface NameMatch {
  level: number;
  /**
   * Sorted id lists whose union is the match; merging waits until a match is chosen, because
   * a large roster has thousands of patients behind a common first name.
   */
  idLists: readonly (readonly string[])[];
  /** Index of the first and last token of the run, inclusive. */
  first: number;
  last: number;
}

/** What the single-name guard needs to know about the whole message. */
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
      const add = (level: number, ...lists: (readonly string[] | undefined)[]) => {
        const idLists = lists.filter((ids): ids is readonly string[] => ids !== undefined);
        if (idLists.length > 0) matches.push({ level, idLists, first, last });
      };
      add(matchLevel.fullName, index.byFullName.get(key));
      if (crossesComma) continue;
      add(matchLevel.initialSurname, lookUpInitialForm(tokens, first, last, key, index, facts));
      if (acceptsSingleName(tokens, first, last, facts)) {
        add(matchLevel.singleName, index.byFirstName.get(key), index.bySurname.get(key));
      }
    }
  }
  return matches;
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

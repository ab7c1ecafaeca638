import { findMrnMentions } from "./mrn-reference.ts";
import { findNameMatches, matchLevel, type NameMatch } from "./name-matches.ts";
import {
  extendLowerCaseName,
  extendNamePhrase,
  findNamePhrase,
  type TokenRange,
} from "./name-phrase.ts";
import { type NameToken, tokenizeNames } from "./name-tokens.ts";
import type { RosterIndex } from "./roster-index.ts";
import { findSignatureStart } from "./signature-line.ts";
import type { PatientReference, TextSpan } from "./types.ts";

/** The patient a message refers to, with where the message names them. */
export interface PatientResolution {
  /** Null when the message names no patient, which the parser reports as `missing_patient`. */
  reference: PatientReference | null;
  /** The words of the chosen reference, which the note leaves out. */
  span: TextSpan | null;
  /**
   * Every span that names a person or an MRN, sorted. The parser masks them before date
   * parsing, so that "April Moore" and "June Ortiz" never become dates.
   */
  nameSpans: TextSpan[];
  /**
   * Set when the message also gives the full name of a patient other than the chosen one, as in
   * "15 min with Ana Ruiz and 30 min with Ben Cole", whose minutes cannot be split by patient.
   */
  namesOtherPatient?: true;
}

/**
 * Resolves the patient reference in `text` against `index`. A known MRN wins. Otherwise the
 * most specific name match wins: full name or alias, then initial plus surname, then a single
 * first name or surname. Several patients behind the chosen words give `ambiguous`. Words
 * that read as a name but match no roster patient give `unknown`. A trailing signature is ignored.
 */
export function resolvePatient(text: string, index: RosterIndex): PatientResolution {
  const body = text.slice(0, findSignatureStart(text));
  const tokens = tokenizeNames(body);
  const isLowerCase = body === body.toLowerCase();
  const matches = findNameMatches(tokens, index, { text: body, isLowerCase });
  const mrnMentions = findMrnMentions(body);
  const nameSpans = [
    ...mrnMentions.map((mention) => mention.span),
    ...matches.filter((match) => isMaskedMatch(tokens, match)).map((m) => spanOf(tokens, m)),
  ];

  const knownMrn = mrnMentions.find((mention) => index.byMrn.has(mention.mrn));
  if (knownMrn !== undefined) {
    const ids = index.byMrn.get(knownMrn.mrn) ?? [];
    return finish(referenceFromIds(ids), knownMrn.span, nameSpans);
  }

  const best = chooseBestMatch(tokens, matches);
  if (best !== null) {
    const resolution = resolveFromMatch(body, tokens, best, nameSpans, isLowerCase);
    const resolved = resolution.reference?.status !== "unknown";
    return resolved && namesOtherPatient(matches, best)
      ? { ...resolution, namesOtherPatient: true }
      : resolution;
  }

  const phrase = findNamePhrase(tokens, isLowerCase);
  if (phrase !== null) {
    const span = spanOf(tokens, phrase);
    nameSpans.push(span);
    return finish({ status: "unknown", text: body.slice(span.start, span.end) }, span, nameSpans);
  }
  const unknownMrn = mrnMentions[0];
  if (unknownMrn !== undefined) {
    return finish({ status: "unknown", text: unknownMrn.text.trim() }, unknownMrn.span, nameSpans);
  }
  return finish(null, null, nameSpans);
}

/**
 * Turns the chosen match into a reference. A partial match inside a longer name-like phrase
 * ("Delbert" of "Delbert Quince", or "felix smith" in lower case) means a person who is not on
 * the roster.
 */
function resolveFromMatch(
  body: string,
  tokens: readonly NameToken[],
  match: NameMatch,
  nameSpans: TextSpan[],
  isLowerCase: boolean,
): PatientResolution {
  if (match.level < matchLevel.fullName) {
    const phrase =
      isLowerCase && match.level === matchLevel.singleName
        ? extendLowerCaseName(tokens, match)
        : extendNamePhrase(tokens, match);
    if (phrase.first !== match.first || phrase.last !== match.last) {
      const span = spanOf(tokens, phrase);
      nameSpans.push(span);
      return finish({ status: "unknown", text: body.slice(span.start, span.end) }, span, nameSpans);
    }
  }
  const span = spanOf(tokens, match);
  nameSpans.push(span);
  return finish(referenceFromIds(mergeIdLists(match.idLists)), span, nameSpans);
}

/** Picks the most specific match; ties go to one after a cue word, then a capitalised one, then the first. */
function chooseBestMatch(
  tokens: readonly NameToken[],
  matches: readonly NameMatch[],
): NameMatch | null {
  let best: NameMatch | null = null;
  let bestScore = -1;
  for (const match of matches) {
    const head = tokens[match.first] as NameToken;
    const score = match.level * 4 + (head.afterCue ? 2 : 0) + (head.capitalised ? 1 : 0);
    if (score > bestScore) {
      best = match;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Returns true when a full name elsewhere in the message, outside the chosen words, belongs to
 * none of the chosen match's patients. An alias of the same patient ("Ted Vance") is not another.
 */
function namesOtherPatient(matches: readonly NameMatch[], chosen: NameMatch): boolean {
  const others = matches.filter(
    (match) =>
      match.level === matchLevel.fullName &&
      (match.last < chosen.first || match.first > chosen.last),
  );
  if (others.length === 0) return false;
  const chosenIds = new Set(chosen.idLists.flat());
  return others.some((match) => match.idLists.flat().every((id) => !chosenIds.has(id)));
}

/** Single-name matches in lower case are masked only when chosen, so "june 3rd" stays a date. */
function isMaskedMatch(tokens: readonly NameToken[], match: NameMatch): boolean {
  return match.level > matchLevel.singleName || (tokens[match.first] as NameToken).capitalised;
}

const idCollator = new Intl.Collator("en", { numeric: true });

/** Merges sorted id lists into one sorted list without repeats, in one pass over each. */
function mergeIdLists(lists: readonly (readonly string[])[]): readonly string[] {
  const [first = [], second] = lists;
  if (second === undefined) return first;
  const merged: string[] = [];
  let left = 0;
  let right = 0;
  while (left < first.length || right < second.length) {
    const leftId = first[left];
    const rightId = second[right];
    let order: number;
    if (leftId === undefined) {
      order = 1;
    } else if (rightId === undefined) {
      order = -1;
    } else {
      order = idCollator.compare(leftId, rightId);
    }
    const next = (order <= 0 ? leftId : rightId) as string;
    if (order <= 0) left += 1;
    if (order >= 0) right += 1;
    if (merged[merged.length - 1] !== next) merged.push(next);
  }
  return Object.freeze(merged);
}

function referenceFromIds(ids: readonly string[]): PatientReference {
  const [onlyId] = ids;
  if (ids.length === 1 && onlyId !== undefined) return { status: "matched", id: onlyId };
  return { status: "ambiguous", candidates: ids };
}

/** Returns the text span of a token range; an initial keeps its period ("J." of "J. Doe"). */
function spanOf(tokens: readonly NameToken[], range: TokenRange): TextSpan {
  const first = tokens[range.first] as NameToken;
  const last = tokens[range.last] as NameToken;
  const keepsPeriod = last.followedByPeriod && last.folded.length === 1;
  return { start: first.start, end: last.end + (keepsPeriod ? 1 : 0) };
}

function finish(
  reference: PatientReference | null,
  span: TextSpan | null,
  nameSpans: TextSpan[],
): PatientResolution {
  return { reference, span, nameSpans: nameSpans.sort((left, right) => left.start - right.start) };
}

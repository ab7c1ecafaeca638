import { foldWord, foldWordWithUmlautDigraphs, splitNameWords } from "./fold-name.ts";
import type { RosterEntry } from "./types.ts";

/**
 * Lookup maps from folded name keys to roster ids, built once per roster so that resolving a
 * message costs a few map lookups whatever the roster size. Every id list is sorted and free of
 * duplicates. Keys are folded words (see fold-name.ts) joined without spaces, so "Smith-Jones",
 * "Smith Jones" and "SmithJones" share a key.
 */
export interface RosterIndex {
  readonly size: number;
  /** MRN digits as written in the roster. */
  readonly byMrn: ReadonlyMap<string, readonly string[]>;
  /** Full name, first name plus surname, surname plus first name, and multi-word aliases. */
  readonly byFullName: ReadonlyMap<string, readonly string[]>;
  /** First initial, a space, then the surname key: "j doe". */
  readonly byInitialSurname: ReadonlyMap<string, readonly string[]>;
  /** The initials of every name word, or of first name and last word: "jd". */
  readonly byInitials: ReadonlyMap<string, readonly string[]>;
  /** First names and one-word aliases (nicknames). */
  readonly byFirstName: ReadonlyMap<string, readonly string[]>;
  /** Surnames with their particles ("vanderberg") and without them ("berg"). */
  readonly bySurname: ReadonlyMap<string, readonly string[]>;
  /**
   * Every folded word that can start a key, with the first part of a hyphenated or
   * apostrophe word ("smith" of "Smith-Jones"). A message word outside this set starts no
   * match, which lets resolution skip most windows.
   */
  readonly headWords: ReadonlySet<string>;
  /** Maximum name length in message tokens, which bounds the window that resolution slides. */
  readonly maxNameTokens: number;
}

/** Lower-case particles that belong to the surname that follows them ("De la Cruz"). */
const surnameParticles = new Set([
  "al",
  "bin",
  "da",
  "das",
  "de",
  "del",
  "della",
  "den",
  "der",
  "di",
  "dos",
  "du",
  "el",
  "ibn",
  "la",
  "le",
  "les",
  "st",
  "te",
  "ten",
  "ter",
  "van",
  "von",
]);

const idCollator = new Intl.Collator("en", { numeric: true });
const maxWindow = 8;

type IdBuckets = Map<string, string[]>;

/** Builds the lookup maps for `entries`; entries with an empty name are indexed by MRN only. */
export function buildRosterIndex(entries: readonly RosterEntry[]): RosterIndex {
  const byMrn: IdBuckets = new Map();
  const names: MutableIndex = {
    headWords: new Set(),
    byFullName: new Map(),
    byInitialSurname: new Map(),
    byInitials: new Map(),
    byFirstName: new Map(),
    bySurname: new Map(),
  };
  let maxNameTokens = 1;

  for (const entry of entries) {
    const mrn = entry.mrn.trim();
    if (mrn !== "") addId(byMrn, mrn, entry.id);
    maxNameTokens = Math.max(maxNameTokens, indexName(names, entry.name, entry.id));
    for (const alias of entry.aliases ?? []) {
      maxNameTokens = Math.max(maxNameTokens, indexAlias(names, alias, entry.id));
    }
  }

  for (const buckets of [
    byMrn,
    names.byFullName,
    names.byInitialSurname,
    names.byInitials,
    names.byFirstName,
    names.bySurname,
  ]) {
    sortBuckets(buckets);
  }
  return {
    size: entries.length,
    byMrn,
    ...names,
    maxNameTokens: Math.min(maxWindow, maxNameTokens),
  };
}

interface MutableIndex {
  headWords: Set<string>;
  byFullName: IdBuckets;
  byInitialSurname: IdBuckets;
  byInitials: IdBuckets;
  byFirstName: IdBuckets;
  bySurname: IdBuckets;
}

/** Indexes a legal name under every key form; returns its length in message tokens. */
function indexName(index: MutableIndex, name: string, id: string): number {
  const words = splitNameWords(name);
  addHeadWords(index.headWords, words);
  for (const folded of foldedSpellings(words)) {
    const [first = ""] = folded;
    addId(index.byFirstName, first, id);
    addId(index.byFullName, folded.join(""), id);
    if (folded.length < 2) continue;

    const surnameStart = findSurnameStart(folded);
    const surname = folded.slice(surnameStart).join("");
    const lastWord = folded[folded.length - 1] ?? "";
    addId(index.byFullName, first + surname, id);
    addId(index.byFullName, surname + first, id);
    for (const surnameKey of new Set([surname, lastWord])) {
      addId(index.bySurname, surnameKey, id);
      addId(index.byInitialSurname, `${first.charAt(0)} ${surnameKey}`, id);
    }
    addId(index.byInitials, folded.map((word) => word.charAt(0)).join(""), id);
    addId(index.byInitials, first.charAt(0) + lastWord.charAt(0), id);
  }
  return countMessageTokens(name);
}

/** Indexes an alias: one word is a nickname for the first name, more words a full name. */
function indexAlias(index: MutableIndex, alias: string, id: string): number {
  const words = splitNameWords(alias);
  addHeadWords(index.headWords, words);
  for (const folded of foldedSpellings(words)) {
    const [first = ""] = folded;
    addId(index.byFirstName, first, id);
    if (folded.length > 1) addId(index.byFullName, folded.join(""), id);
  }
  return countMessageTokens(alias);
}

function addHeadWords(headWords: Set<string>, words: readonly string[]): void {
  for (const folded of foldedSpellings(words)) {
    for (const word of folded) headWords.add(word);
  }
  for (const word of words) {
    const [firstPart = ""] = word.split(/[^\p{L}\p{M}]+/u).filter((part) => part !== "");
    headWords.add(foldWord(firstPart));
    headWords.add(foldWordWithUmlautDigraphs(firstPart));
  }
}

/** Returns the plain folding of the words and, when it differs, the umlaut-digraph one. */
function foldedSpellings(words: readonly string[]): string[][] {
  const plain = words.map(foldWord);
  const digraph = words.map(foldWordWithUmlautDigraphs);
  return plain.join(" ") === digraph.join(" ") ? [plain] : [plain, digraph];
}

/** Index of the first surname word: the last word, moved back over particles before it. */
function findSurnameStart(folded: readonly string[]): number {
  let start = folded.length - 1;
  while (start > 1 && surnameParticles.has(folded[start - 1] ?? "")) start -= 1;
  return start;
}

/** Counts the word tokens that the message tokenizer makes of `name` ("Smith-Jones" is two). */
function countMessageTokens(name: string): number {
  return name.split(/[^\p{L}\p{M}'’ʼ]+/u).filter((part) => part !== "").length;
}

function addId(buckets: IdBuckets, key: string, id: string): void {
  if (key === "" || key === " ") return;
  const ids = buckets.get(key);
  // All keys of one entry are added before the next entry, so a repeat is always the last id.
  if (ids === undefined) {
    buckets.set(key, [id]);
  } else if (ids[ids.length - 1] !== id) {
    ids.push(id);
  }
}

/**
 * Sorts every id list, drops repeats (a roster may list one id twice) and freezes the list,
 * because resolution hands these lists out as ambiguous candidates without copying them.
 */
function sortBuckets(buckets: IdBuckets): void {
  for (const [key, ids] of buckets) {
    if (ids.length > 1) ids.sort(idCollator.compare);
    const unique = ids.filter((id, position) => position === 0 || ids[position - 1] !== id);
    buckets.set(key, Object.freeze(unique) as string[]);
  }
}

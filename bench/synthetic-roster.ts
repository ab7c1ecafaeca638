import type { RosterEntry } from "../src/patients/types.ts";
import { SeededRandom } from "./random.ts";

/**
 * Invented patient rosters of any size for the benchmarks. First names and surnames repeat, the
 * common ones often. Names carry accents, apostrophes, hyphens and particles ("van der", "De la"),
 * and some first names are ordinary words or months ("May", "June"). About a fifth of the
 * patients have a nickname alias, and about 2% share their full name with another patient.
 */

/** First names with their nicknames; accents and word-like names are deliberate. */
const firstNames: readonly (readonly [string, ...string[]])[] = [
  ["Mary"],
  ["Robert", "Bob", "Rob"],
  ["Jane", "Janie"],
  ["William", "Bill", "Will"],
  ["Elizabeth", "Liz", "Beth"],
  ["James", "Jim"],
  ["Margaret", "Peggy", "Maggie"],
  ["José", "Pepe"],
  ["María"],
  ["Zoë"],
  ["Renée"],
  ["Chloé"],
  ["Søren"],
  ["Björn"],
  ["Katherine", "Kate", "Kathy"],
  ["Richard", "Rick"],
  ["Thomas", "Tom"],
  ["Patricia", "Patty", "Trish"],
  ["Jennifer", "Jen"],
  ["Michael", "Mike"],
  ["Linda"],
  ["Dolores", "Lola"],
  ["Ngozi"],
  ["Hiroshi"],
  ["Aleksandra", "Ola"],
  ["Łukasz"],
  ["François"],
  ["Anaïs"],
  ["Íñigo"],
  ["Siobhán"],
  ["May"],
  ["June"],
  ["April"],
  ["Grace"],
  ["Hope"],
  ["Rose"],
  ["Faith"],
  ["Frank"],
  ["Bill"],
  ["Joy"],
  ["Dawn"],
  ["Theodore", "Ted", "Teddy"],
  ["Edward", "Ed", "Eddie"],
  ["Dorothy", "Dot"],
  ["Harold", "Harry"],
  ["Mildred", "Millie"],
  ["Gertrude", "Trudy"],
  ["Wilhelmina", "Mina"],
  ["Bartholomew", "Bart"],
  ["Eleanor", "Ellie", "Nora"],
];

/** Real-looking surnames, several with particles, apostrophes, hyphens or accents. */
const commonSurnames: readonly string[] = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "García",
  "Núñez",
  "Nguyen",
  "Kim",
  "Patel",
  "O'Neil",
  "O'Brien",
  "McAllister",
  "Van der Berg",
  "van Dijk",
  "De la Cruz",
  "de Souza",
  "Dos Santos",
  "Smith-Jones",
  "Müller",
  "Köhler",
  "Çelik",
  "Ødegaard",
  "Łukaszewski",
  "Le",
  "Lee",
  "Ng",
  "St. Clair",
  "Ibáñez",
  "D'Angelo",
  "Al Hassan",
  "ter Horst",
  "Whitcombe",
  "Brandt",
  "Marchetti",
  "Halvorsen",
  "Kowalczyk",
  "Okafor",
  "Tanaka",
  "Ferreira",
  "Rossi",
];

const surnameStarts = ["Bal", "Cor", "Dan", "Eld", "Fen", "Gar", "Hal", "Isk", "Jor", "Kel"];
const surnameMiddles = ["", "a", "e", "i", "o", "en", "ar", "ol", "un", "ri"];
const surnameEnds = ["berg", "son", "ton", "ley", "ford", "wick", "man", "stein", "ez", "ini"];
const surnameExtraStarts = ["Lun", "Mor", "Nor", "Ost", "Pel", "Quin", "Ros", "Sil", "Tor", "Var"];
const particles = ["van ", "Van der ", "de ", "De la ", "O'", "Mc", "St. "];

/**
 * Builds a roster of `size` patients with ids `P1…` and unique MRNs. The same `seed` gives the
 * same roster.
 */
export function buildSyntheticRoster(size: number, seed = 1): RosterEntry[] {
  const random = new SeededRandom(seed);
  const surnames = [...commonSurnames, ...inventSurnames(random)];
  const roster: RosterEntry[] = [];
  for (let number = 1; number <= size; number += 1) {
    const previous = roster.length > 0 ? random.pick(roster) : undefined;
    // A patient who shares another's full name: the case that makes references ambiguous.
    const name =
      previous && random.chance(0.02)
        ? previous.name
        : `${random.pickSkewed(firstNames)[0]} ${random.pickSkewed(surnames, 1.5)}`;
    const entry: RosterEntry = { id: `P${number}`, name, mrn: mrnOf(number) };
    const nickname = nicknameOf(name, random);
    if (nickname !== undefined) entry.aliases = [nickname];
    roster.push(entry);
  }
  return roster;
}

/** Returns the MRN of a patient number: seven digits starting with 3, unique per number. */
export function mrnOf(patientNumber: number): string {
  return String(3_000_000 + patientNumber * 7);
}

/** About a fifth of patients whose first name has nicknames get one as an alias. */
function nicknameOf(name: string, random: SeededRandom): string | undefined {
  const first = firstNames.find(([formal]) => name.startsWith(`${formal} `));
  const nicknames = first?.slice(1) ?? [];
  if (nicknames.length === 0 || !random.chance(0.35)) return undefined;
  return random.pick(nicknames);
}

/** 2,000 invented surnames from syllables, a tenth of them with a particle in front. */
function inventSurnames(random: SeededRandom): string[] {
  const invented: string[] = [];
  for (const start of [...surnameStarts, ...surnameExtraStarts]) {
    for (const middle of surnameMiddles) {
      for (const end of surnameEnds) {
        const surname = `${start}${middle}${end}`;
        invented.push(random.chance(0.1) ? `${random.pick(particles)}${surname}` : surname);
      }
    }
  }
  return invented;
}

import { buildRosterIndex } from "../../src/patients/roster-index.ts";
import type { RosterEntry } from "../../src/patients/types.ts";

/**
 * Invented patients for the parser and resolver tests. They share first names and surnames on
 * purpose and carry accents, apostrophes, hyphens, particles and common-word names.
 */
export const testRoster: RosterEntry[] = [
  { id: "T9", name: "Olivia Marchetti", mrn: "500109" },
  { id: "T10", name: "Olivia Brandt", mrn: "500110" },
  { id: "T11", name: "Oliver Marchetti", mrn: "500111" },
  { id: "T12", name: "Renée Dubois-Laurent", mrn: "500112", aliases: ["Nene Dubois"] },
  { id: "T13", name: "Seamus O'Doherty", mrn: "500113" },
  { id: "T14", name: "Pieter Van den Hoek", mrn: "500114" },
  { id: "T15", name: "Carmen De la Fuente", mrn: "500115" },
  { id: "T16", name: "Jürgen Köhler", mrn: "500116" },
  { id: "T17", name: "Iñigo Ibáñez", mrn: "500117" },
  { id: "T18", name: "May Whitcombe", mrn: "500118" },
  { id: "T19", name: "April Kowalczyk", mrn: "500119" },
  { id: "T20", name: "June Halvorsen", mrn: "500120" },
  { id: "T21", name: "Theodore Vance", mrn: "500121", aliases: ["Ted Vance"] },
  { id: "T22", name: "Felix Rice", mrn: "500122" },
  { id: "T23", name: "Bartholomew Quist", mrn: "500123" },
  { id: "T24", name: "Ingrid Solberg", mrn: "500124" },
];

export const testIndex = buildRosterIndex(testRoster);

/** Tuesday 2026-03-10 15:00 in New York (EDT, two days after the daylight saving change). */
export const referenceInstant = new Date("2026-03-10T19:00:00Z");
export const practiceZone = "America/New_York";

import type { RosterEntry } from "../src/patients/types.ts";
import { SeededRandom } from "./random.ts";

/**
 * Invented chat messages about the patients of a synthetic roster, in a mix a care team's
 * channel might see. Most are logs written many ways. The rest are questions about totals, small
 * talk, undos and logs for people who are not on the roster.
 */

const durations = [
  "15 min",
  "20 mins",
  "45 minutes",
  "1h15m",
  "half an hour",
  "an hour",
  "10m",
  "1.5 hrs",
  "twenty minutes",
  "25 min",
  "30 minutes",
  "5 min",
  "12 minutes",
  "40 min",
];

/** Service dates; the empty ones (today) are the most common. */
const dates = [
  "",
  "",
  "",
  "",
  "yesterday",
  "on 3/2",
  "last Friday",
  "on Monday",
  "March 4th",
  "2 days ago",
  "this morning",
  "on the 5th",
  "Mar 9",
];

const notes = [
  "diabetes meds",
  "care plan review",
  "BP log review",
  "refill coordination",
  "insulin dosing questions",
  "lab results follow-up",
  "med reconciliation",
  "home health referral",
  "fall risk check-in",
  "CHF weight log and diuretic",
  "transport for cardiology appt",
  "COPD inhaler technique",
];

const logTemplates = [
  "spent {duration} with {name} on {note} {date}",
  "{name} {duration} {note} {date}",
  "{duration} {note} for {name} {date}",
  "called {name}'s daughter about {note}, {duration} {date}",
  "{date} {name}: {note} ({duration})",
  "{name}, {duration}, {note}",
  "phone call with {name} re {note} {duration} {date}",
];

const queryTemplates = [
  "how much time does {name} have this month?",
  "total for {name}?",
  "{name} total?",
  "where is {name} at this month",
];

const smallTalk = [
  "lunch at noon?",
  "running 10 min late, sorry",
  "meeting moved to 3pm tomorrow",
  "thanks!",
  "can someone cover the front desk for 20 minutes",
  "fax machine is down again",
  "great work today everyone",
  "who has the keys to the supply room",
];

const outsideFirstNames = ["Delbert", "Ophelia", "Cornelius", "Winifred", "Lazarus", "Tabitha"];
const outsideSurnames = ["Quince", "Marlowe", "Fairweather", "Thistlewood", "Pennington"];

export type MessageKind = "log" | "query" | "small_talk" | "undo" | "unknown_patient";

export interface SyntheticMessage {
  kind: MessageKind;
  text: string;
}

/** Builds `count` messages about patients of `roster`; the same seed gives the same messages. */
export function buildSyntheticMessages(
  roster: readonly RosterEntry[],
  count: number,
  seed = 2,
): SyntheticMessage[] {
  const random = new SeededRandom(seed);
  const messages: SyntheticMessage[] = [];
  for (let number = 0; number < count; number += 1) {
    messages.push(buildMessage(roster, random));
  }
  return messages;
}

function buildMessage(roster: readonly RosterEntry[], random: SeededRandom): SyntheticMessage {
  const draw = random.next();
  if (draw < 0.65)
    return { kind: "log", text: buildLog(random, nameFor(random.pick(roster), random)) };
  if (draw < 0.75) {
    const name = nameFor(random.pick(roster), random);
    return { kind: "query", text: random.pick(queryTemplates).replace("{name}", name) };
  }
  if (draw < 0.87) return { kind: "small_talk", text: random.pick(smallTalk) };
  if (draw < 0.9) return { kind: "undo", text: random.chance(0.5) ? "undo" : "undo that" };
  const outsider = `${random.pick(outsideFirstNames)} ${random.pick(outsideSurnames)}`;
  return { kind: "unknown_patient", text: buildLog(random, outsider) };
}

function buildLog(random: SeededRandom, name: string): string {
  return random
    .pick(logTemplates)
    .replace("{name}", name)
    .replace("{duration}", random.pick(durations))
    .replace("{note}", random.pick(notes))
    .replace("{date}", random.pick(dates))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Writes a patient reference the way people type it: full name, initial and surname, lower
 * case, nickname, accents dropped, first name alone, or the MRN.
 */
function nameFor(patient: RosterEntry, random: SeededRandom): string {
  const [first = "", ...rest] = patient.name.split(" ");
  const surname = rest.join(" ");
  const form = random.integer(0, 9);
  switch (form) {
    case 0:
    case 1:
      return patient.name;
    case 2:
      return `${first.charAt(0)}. ${surname}`;
    case 3:
      return `${first.charAt(0)} ${surname}`;
    case 4:
      return patient.name.toLowerCase();
    case 5:
      return patient.aliases?.[0] ? `${patient.aliases[0]} ${surname}` : patient.name;
    case 6:
      return patient.name.normalize("NFD").replace(/\p{M}/gu, "");
    case 7:
      return first;
    case 8:
      return `MRN ${patient.mrn}`;
    default:
      return `${patient.name} (#${patient.mrn})`;
  }
}

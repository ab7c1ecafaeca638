import * as chrono from "chrono-node";
import { describe, expect, it } from "vitest";
import { buildRosterIndex, parseMessage } from "../../src/parse/index.ts";
import type { RosterEntry } from "../../src/patients/types.ts";
import { practiceZone, referenceInstant, testRoster } from "../patients/test-roster.ts";

const givenNames = [
  "Olivia",
  "Liam",
  "Mia",
  "Noah",
  "Ava",
  "Ezra",
  "May",
  "June",
  "Ingrid",
  "Felix",
];
const familyNames = [
  "Marchetti",
  "Brandt",
  "Solberg",
  "Rice",
  "Quist",
  "Van den Hoek",
  "Lindqvist",
];

/** Creates a roster of 100000 patients whose first names and surnames repeat thousands of times. */
function createLargeRoster(): RosterEntry[] {
  const entries = [...testRoster];
  for (let position = 0; entries.length < 100_000; position += 1) {
    const givenName = givenNames[position % givenNames.length];
    const familyName = familyNames[Math.floor(position / givenNames.length) % familyNames.length];
    const name = `${givenName} ${familyName}-${position}`;
    entries.push({ id: `L${position}`, name, mrn: `${position}` });
  }
  return entries;
}

const messages = [
  "spent 22 min with Bartholomew Quist re: insulin",
  "Felix 15 min call yesterday",
  "twenty minutes with olivia on friday",
  "MRN 500124, 30 min chart review",
  "good morning team",
  "10 min call and 5 min review for Ingrid Solberg on 3/2",
];

function timePerMessage(run: (text: string) => unknown): number {
  const started = performance.now();
  for (let round = 0; round < 200; round += 1) {
    for (const text of messages) run(text);
  }
  return (performance.now() - started) / (200 * messages.length);
}

describe("parseMessage performance", () => {
  it("stays near chrono speed on 100000 patients", () => {
    const roster = buildRosterIndex(createLargeRoster());
    const context = { instant: referenceInstant, timeZone: practiceZone, roster };
    const parseOnce = (text: string) => parseMessage(text, context);
    const chronoOnce = (text: string) =>
      chrono.parse(text, { instant: referenceInstant, timezone: -240 });
    timePerMessage(parseOnce);
    timePerMessage(chronoOnce);

    const parseTimes = [0, 1, 2].map(() => timePerMessage(parseOnce)).sort();
    const chronoTimes = [0, 1, 2].map(() => timePerMessage(chronoOnce)).sort();
    // Under tsx parsing takes 1.5x to 2x chrono's time. Vitest's module transform slows our
    // code but not chrono (an external package), so this bound only catches gross regressions
    // such as scanning the roster per message, which would cost 100x.
    expect(parseTimes[1]).toBeLessThan(10 * (chronoTimes[1] ?? 0));
  });
});

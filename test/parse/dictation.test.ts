import { describe, expect, it } from "vitest";
import { parseMessage } from "../../src/parse/index.ts";
import type { ParsedMessage } from "../../src/parse/types.ts";
import { buildRosterIndex } from "../../src/patients/roster-index.ts";
import { practiceZone, referenceInstant, testRoster } from "../patients/test-roster.ts";

/** The shared test roster plus names that speech-to-text writes without accents or apostrophes. */
const dictationIndex = buildRosterIndex([
  ...testRoster,
  { id: "D1", name: "Jane Doe", mrn: "600001" },
  { id: "D2", name: "José Peña", mrn: "600002" },
  { id: "D3", name: "Bob O'Neil", mrn: "600003" },
]);

function parse(text: string): ParsedMessage {
  return parseMessage(text, {
    instant: referenceInstant,
    timeZone: practiceZone,
    roster: dictationIndex,
  });
}

describe("dictation", () => {
  it.each([
    ["spent twenty two minutes with ingrid solberg on meds", 22, "T24"],
    ["forty-five minutes care coordination for felix rice", 45, "T22"],
    ["um one point five hours with bartholomew quist uh care plan", 90, "T23"],
    ["an hour and fifteen minutes with theodore vance", 75, "T21"],
    ["half an hour with inigo ibanez med rec", 30, "T17"],
    ["seamus o doherty fifteen minutes phone call", 15, "T13"],
    ["jurgen kohler quarter hour chart review", 15, "T16"],
    ["renee dubois laurent thirty minutes", 30, "T12"],
    ["pieter van den hoek ten minutes", 10, "T14"],
    ["spent twenty five minutes with jane doe on diabetes meds", 25, "D1"],
    ["um uh fifteen minutes with jose pena med review", 15, "D2"],
    ["twenty minutes with bob o neil phone call", 20, "D3"],
    ["twenty minutes with bob oneil", 20, "D3"],
    ["three quarters of an hour with felix rice", 45, "T22"],
    ["three-quarters of an hour with felix rice", 45, "T22"],
    ["an hour fifteen with theodore vance care plan", 75, "T21"],
    ["an hour forty five with theodore vance", 105, "T21"],
    ["hour and a half with felix rice", 90, "T22"],
    ["one hour and thirty minutes with felix rice", 90, "T22"],
    ["a hundred and twenty minutes with felix rice", 120, "T22"],
  ])("parses %j", (text, minutes, id) => {
    expect(parse(text)).toMatchObject({
      intent: "log",
      minutes,
      patient: { status: "matched", id },
    });
  });

  it.each([
    ["twenty minutes with felix rice march second", "2026-03-02"],
    ["twenty minutes with felix rice on march the fourth", "2026-03-04"],
    ["twenty minutes with felix rice last tuesday", "2026-03-03"],
    ["twenty minutes with felix rice on friday", "2026-03-06"],
    ["twenty minutes with felix rice yesterday afternoon", "2026-03-09"],
    ["twenty minutes with felix rice this morning", "2026-03-10"],
  ])("dates %j", (text, date) => {
    expect(parse(text)).toMatchObject({ intent: "log", minutes: 20, date });
  });

  it.each([
    ["fifteen minutes m r n 500122 phone call"],
    ["fifteen minutes with m.r.n. 500122"],
    ["fifteen minutes with medical record number 500122"],
    ["fifteen minutes medical record 500122 refills"],
  ])("reads spoken MRN label %j", (text) => {
    expect(parse(text)).toMatchObject({ minutes: 15, patient: { status: "matched", id: "T22" } });
  });

  it.each([
    ["twenty minutes with felix smith", "felix smith"],
    ["twenty minutes with john rice care plan", "john rice"],
    ["twenty minutes with delbert quince", "delbert quince"],
    ["twenty minutes with olivia quince about refills", "olivia quince"],
  ])("keeps unknown lower-case name %j", (text, name) => {
    expect(parse(text)).toMatchObject({
      intent: "log",
      minutes: 20,
      patient: { status: "unknown", text: name },
    });
  });

  it.each([
    ["twenty minutes with felix diabetes follow up", "T22"],
    ["twenty minutes with felix about refills", "T22"],
    ["twenty minutes with theodore copd check in", "T21"],
  ])("matches a first name before care words %j", (text, id) => {
    expect(parse(text)).toMatchObject({ patient: { status: "matched", id } });
  });

  it('drops "on the" of a spoken date', () => {
    expect(parse("twenty minutes with felix rice on the second of march care plan")).toMatchObject({
      date: "2026-03-02",
      note: "care plan",
    });
  });

  it("drops fillers from the note", () => {
    expect(parse("um spent ten minutes with felix rice uh reviewing labs").note).toBe(
      "reviewing labs",
    );
  });

  it("matches a common-word name in all lower case", () => {
    expect(parse("ten minutes with may whitcombe")).toMatchObject({
      patient: { status: "matched", id: "T18" },
    });
    expect(parse("ten minutes june med rec")).toMatchObject({
      patient: { status: "matched", id: "T20" },
    });
  });
});

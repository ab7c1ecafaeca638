import { describe, expect, it } from "vitest";
import { parseMessage } from "../../src/parse/index.ts";
import type { ParsedMessage } from "../../src/parse/types.ts";
import { practiceZone, referenceInstant, testIndex } from "../patients/test-roster.ts";

function parse(text: string): ParsedMessage {
  return parseMessage(text, {
    instant: referenceInstant,
    timeZone: practiceZone,
    roster: testIndex,
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

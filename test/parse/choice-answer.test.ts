import { describe, expect, it } from "vitest";
import { readChoiceAnswer } from "../../src/parse/choice-answer.ts";

describe("readChoiceAnswer", () => {
  it.each([
    ["2", 2],
    ["two", 2],
    ["Two.", 2],
    ["number two", 2],
    ["the second one", 2],
    ["second", 2],
    ["2nd", 2],
    ["option 3", 3],
    ["one", 1],
    ["the first one please", 1],
  ])("reads position %j", (text, position) => {
    expect(readChoiceAnswer(text)).toEqual({ kind: "position", position });
  });

  it.each([
    ["MRN 100234", "100234"],
    ["m r n 100234", "100234"],
    ["100234", "100234"],
    ["#100234", "100234"],
  ])("reads MRN %j", (text, mrn) => {
    expect(readChoiceAnswer(text)).toEqual({ kind: "mrn", mrn });
  });

  it.each([["jane doe"], ["two three"], ["the doe one"], [""], ["no"]])(
    "reads nothing from %j",
    (text) => {
      expect(readChoiceAnswer(text)).toBeNull();
    },
  );
});

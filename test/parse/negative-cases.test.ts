import { describe, expect, it } from "vitest";
import { parseMessage } from "../../src/parse/index.ts";
import type { ParsedMessage } from "../../src/parse/types.ts";
import { practiceZone, referenceInstant, testIndex } from "../patients/test-roster.ts";

const context = { instant: referenceInstant, timeZone: practiceZone, roster: testIndex };

function parse(text: string): ParsedMessage {
  return parseMessage(text, context);
}

/** Checks the invariants that hold for every input, whatever it parses to. */
function expectSafeResult(parsed: ParsedMessage): void {
  expect(["log", "query", "undo", "none"]).toContain(parsed.intent);
  if (parsed.minutes !== undefined) {
    expect(Number.isInteger(parsed.minutes)).toBe(true);
    expect(parsed.minutes).toBeGreaterThanOrEqual(1);
    expect(parsed.minutes).toBeLessThanOrEqual(1440);
  }
  if (parsed.date !== undefined) {
    expect(parsed.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(parsed.date <= "2026-03-10").toBe(true);
  }
}

/** A fixed-seed generator, so a failing fuzz case can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("negative cases", () => {
  it.each([
    ["clock time", "called Felix Rice at 10:45 about meds"],
    ["clock time with am", "called Felix Rice at 8am about meds"],
    ["dose", "called Felix Rice, lisinopril 20 mg"],
    ["blood pressure", "called Felix Rice, BP 150/95"],
    ["lab value", "called Felix Rice, A1c 9.2 and LDL 140"],
    ["scheduling", "will call Felix Rice in 15 min"],
    ["lateness", "called Felix Rice, 10 min late"],
    ["time ago", "Felix Rice called 30 min ago"],
  ])("finds no duration in a %s", (_, text) => {
    expect(parse(text).error?.code).toBe("missing_duration");
  });

  it.each([
    ["blood pressure", "22 min with Felix Rice, BP 142/91"],
    ["lab value", "22 min with Felix Rice, K 4.1, A1c 7.4"],
    ["patient named April", "22 min with April Kowalczyk"],
    ["patient named June", "June Halvorsen 22 min"],
    ["patient named May", "May Whitcombe 22 min med rec"],
    ["dose", "22 min with Felix Rice, metformin 500 mg"],
  ])("finds no date in a %s", (_, text) => {
    expect(parse(text).date).toBe("2026-03-10");
  });

  it.each([
    ["common word", "Chart review 22 min, discussed rice intake"],
    ["sign-off", "22 min chart review\n— Ingrid, RN"],
    ["acronym", "22 min care coordination with PCP"],
    ["sentence start", "May need refill. 22 min chart review"],
  ])("finds no patient in a %s", (_, text) => {
    expect(parse(text).error?.code).toBe("missing_patient");
  });

  it("never throws on random unicode", () => {
    const random = createRandom(20260310);
    for (let sample = 0; sample < 300; sample += 1) {
      const length = Math.floor(random() * 120);
      let text = "";
      for (let position = 0; position < length; position += 1) {
        text += String.fromCodePoint(Math.floor(random() * 0x2ffff));
      }
      expectSafeResult(parse(text));
    }
  });

  it("never throws on mixed message fragments", () => {
    const fragments = [
      "spent",
      "15",
      "min",
      "-",
      "–",
      "20",
      "hours",
      "with",
      "Felix",
      "Rice",
      "MRN",
      "#",
      "500122",
      "3/",
      "/12",
      ":",
      "tomorrow",
      "half",
      "an",
      "hour",
      "and",
      "a",
      "total",
      "?",
      "\n",
      "•",
      "<@U1>",
      ":wave:",
      "0",
      "99999999999999999999",
      ".5",
      "1e9",
      "undo",
      "\u0000",
    ];
    const random = createRandom(7);
    for (let sample = 0; sample < 500; sample += 1) {
      const words = Array.from({ length: 1 + Math.floor(random() * 12) }, () => {
        return fragments[Math.floor(random() * fragments.length)] ?? "";
      });
      expectSafeResult(parse(words.join(random() < 0.5 ? " " : "")));
    }
  });

  it("handles control characters", () => {
    const parsed = parse("22 min\u0000 with\u0007 Felix\u001b Rice\u200b");
    expect(parsed).toMatchObject({ intent: "log", minutes: 22 });
  });

  // A pattern that backtracks without bound would hang here until the test timeout fails it.
  it("handles 100 KB of text", () => {
    const text = "22 min with Felix Rice on meds ".repeat(3400);

    const parsed = parse(text);

    expectSafeResult(parsed);
    expect(parsed.intent).toBe("log");
  });

  it("handles 100 KB of one character", () => {
    for (const character of ["1", "a", " ", "-", ":", "\n", "é"]) {
      expectSafeResult(parse(character.repeat(100_000)));
    }
  });

  it("returns none for input that is not a string", () => {
    expect(parseMessage(undefined as unknown as string, context)).toEqual({ intent: "none" });
  });

  it("returns none for an unknown time zone", () => {
    const parsed = parseMessage("22 min with Felix Rice", { ...context, timeZone: "Mars/Base" });
    expect(parsed).toEqual({ intent: "none" });
  });

  it("rejects a negative log", () => {
    const parsed = parse("-15 min with Felix Rice");

    expect(parsed.intent).toBe("log");
    expect(parsed.minutes).toBeUndefined();
    expect(parsed.error?.code).toBe("negative_duration");
    expect(parsed.error?.message).toContain("Undo");
  });

  it("keeps a list bullet apart from a minus", () => {
    const parsed = parse("- 15 min with Felix Rice");

    expect(parsed.minutes).toBe(15);
    expect(parsed.error).toBeUndefined();
  });

  it("never reports a huge number as a duration", () => {
    const parsed = parse("99999999999 min with Felix Rice");
    expect(parsed.minutes).toBeUndefined();
    expect(parsed.error?.code).toBe("duration_out_of_range");
  });
});

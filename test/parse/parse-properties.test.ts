import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMessage } from "../../src/parse/index.ts";
import type { ParsedMessage } from "../../src/parse/types.ts";
import { isValidDate, localDateOf } from "../../src/time/calendar.ts";
import { practiceZone, referenceInstant, testIndex } from "../patients/test-roster.ts";

/** Pieces of real logs, chat markup and hostile text that random messages are built from. */
const fragments = [
  "spent",
  "15 min",
  "1h15m",
  "an hour and a half",
  "half an hour",
  "15-20 min",
  "20 min total",
  "1440 min",
  "1441 minutes",
  "99999999999999999999 min",
  "0.0001 min",
  "1e309 min",
  "NaN min",
  "-5 min",
  "- 8559 y",
  "+8559 y",
  "with",
  "Felix Rice",
  "F. Rice",
  "MRN 500122",
  "Olivia",
  "Renée Dubois-Laurent",
  "yesterday",
  "tomorrow",
  "next Friday",
  "3/2",
  "12/31/2099",
  "2026-03-11",
  "Feb 30",
  "in 3 days",
  "last week",
  "on diabetes meds",
  "BP 150/95",
  "A1c 8.1",
  "<!channel>",
  "@here",
  "<@U123|bob>",
  "*bold*",
  "<http://x|y>",
  ":wave:",
  "total for",
  "?",
  "undo",
  "—",
  "\n",
  "\u200b",
  "\u202e",
  "\u0000",
];

const controlCharacter = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code));
/** Any UTF-16 code unit, so lone surrogates appear too. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

const anyUnicode = fc.string({ unit: "binary", maxLength: 200 });
const anyCodeUnits = fc.string({ unit: codeUnit, maxLength: 200 });
const logLike = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...fragments) },
      { weight: 1, arbitrary: controlCharacter },
      { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
      { weight: 1, arbitrary: fc.integer({ min: -10, max: 100_000 }).map(String) },
    ),
    { maxLength: 24 },
  )
  .chain((parts) => fc.constantFrom(" ", "", ", ", "\t").map((separator) => parts.join(separator)));
const anyMessage = fc.oneof(logLike, anyUnicode, anyCodeUnits);

const timeZones = ["America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"];
const reference = fc.record({
  instant: fc.date({
    min: new Date("2000-01-01T00:00:00Z"),
    max: new Date("2100-01-01T00:00:00Z"),
    noInvalidDate: true,
  }),
  timeZone: fc.constantFrom(...timeZones),
});

/** Parses and fails the property when a step threw, which the parser's guard would hide. */
function parseStrictly(text: string, instant: Date, timeZone: string): ParsedMessage {
  const errors: unknown[] = [];
  const parsed = parseMessage(text, {
    instant,
    timeZone,
    roster: testIndex,
    onInternalError: (error) => errors.push(error),
  });
  expect(errors).toEqual([]);
  return parsed;
}

/** Checks the invariants that every result keeps, whatever the input. */
function expectSafe(parsed: ParsedMessage, today: string): void {
  expect(["log", "query", "undo", "none"]).toContain(parsed.intent);
  if (parsed.minutes !== undefined) {
    expect(Number.isInteger(parsed.minutes)).toBe(true);
    expect(parsed.minutes).toBeGreaterThanOrEqual(1);
    expect(parsed.minutes).toBeLessThanOrEqual(1440);
  }
  if (parsed.date !== undefined) {
    expect(isValidDate(parsed.date)).toBe(true);
    expect(parsed.date <= today).toBe(true);
  }
  if (parsed.error?.code === "future_date") expect(parsed.date).toBeUndefined();
  if (parsed.intent === "log" && !parsed.error) {
    expect(parsed.minutes).toBeDefined();
    expect(parsed.date).toBeDefined();
    expect(parsed.patient).toBeDefined();
  }
  expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
}

describe("parseMessage properties", () => {
  it("keeps its invariants for any message", () => {
    fc.assert(
      fc.property(anyMessage, reference, (text, { instant, timeZone }) => {
        const parsed = parseStrictly(text, instant, timeZone);
        expectSafe(parsed, localDateOf(instant, timeZone));
      }),
      { numRuns: 1500 },
    );
  });

  it("keeps its invariants for control characters", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(controlCharacter, logLike), { maxLength: 12 }), (parts) => {
        const parsed = parseStrictly(parts.join(""), referenceInstant, practiceZone);
        expectSafe(parsed, "2026-03-10");
      }),
      { numRuns: 300 },
    );
  });

  it("handles 100 KB messages", () => {
    fc.assert(
      fc.property(logLike, anyUnicode, (log, noise) => {
        const unit = `${log} ${noise} `;
        const text =
          unit.trim() === "" ? "x".repeat(100_000) : unit.repeat(Math.ceil(100_000 / unit.length));
        expect(text.length).toBeGreaterThanOrEqual(100_000);
        const parsed = parseStrictly(text, referenceInstant, practiceZone);
        expectSafe(parsed, "2026-03-10");
      }),
      { numRuns: 6 },
    );
  });

  it("never dates a log after the message", () => {
    const future = fc.constantFrom(
      "tomorrow",
      "next Friday",
      "in 3 days",
      "12/31/2099",
      "2026-03-11",
    );
    fc.assert(
      fc.property(future, (dateText) => {
        const parsed = parseStrictly(
          `spent 20 min with Felix Rice ${dateText}`,
          referenceInstant,
          practiceZone,
        );
        expectSafe(parsed, "2026-03-10");
        if (parsed.intent === "log" && parsed.error === undefined)
          expect(parsed.date).toBe("2026-03-10");
      }),
    );
  });
});

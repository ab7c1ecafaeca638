import { describe, expect, it } from "vitest";
import { isClinicalEventDate } from "../../src/parse/event-date.ts";
import { parseMessage } from "../../src/parse/index.ts";
import { findServiceDate } from "../../src/parse/service-date.ts";
import type { ParsedMessage } from "../../src/parse/types.ts";
import type { TextSpan } from "../../src/patients/types.ts";
import { practiceZone, referenceInstant, testIndex } from "../patients/test-roster.ts";

// The reference instant is Tuesday 2026-03-10, 15:00 in New York.
const today = "2026-03-10";

function parse(text: string): ParsedMessage {
  return parseMessage(text, {
    instant: referenceInstant,
    timeZone: practiceZone,
    roster: testIndex,
  });
}

/** Returns the span of the first `phrase` in `text`. */
function spanOf(text: string, phrase: string): TextSpan {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`test phrase "${phrase}" not found in "${text}"`);
  return { start, end: start + phrase.length };
}

describe("event dates in parseMessage", () => {
  it.each([
    ["fall", "spent 15 min with Felix Rice, she fell 2 weeks ago", "fell 2 weeks ago"],
    ["admission", "20 min with Felix Rice, admitted Monday for CHF", "admitted Monday"],
    ["discharge", "20 min with Felix Rice, discharged on 3/2", "discharged on 3/2"],
    ["ER visit", "Felix Rice 25 min, ER visit last week for chest pain", "ER visit last week"],
    ["ED visit", "Felix Rice went to the ED on Sunday, 20 min call", "ED on Sunday"],
    ["surgery", "Felix Rice 20 min, hip surgery on Feb 24", "surgery on Feb 24"],
    ["diagnosis", "diagnosed with CKD on 2/2, 30 min w Felix Rice", "diagnosed with CKD on 2/2"],
    [
      "medication start",
      "Felix Rice 20 min, started metformin 500 mg on 3/1",
      "started metformin 500 mg on 3/1",
    ],
    [
      "medication stop",
      "Felix Rice 20 min, stopped lisinopril yesterday",
      "stopped lisinopril yesterday",
    ],
    ["medication change", "Felix Rice 20 min, insulin dose changed Friday", "changed Friday"],
    ["since", "Felix Rice 20 min, dizzy since Sunday", "since Sunday"],
    ["last seen", "Felix Rice 20 min, last seen 2/12 by cardiology", "last seen 2/12"],
    ["lab draw", "Felix Rice 20 min, labs drawn 3/3 show low K", "labs drawn 3/3"],
    ["past appointment", "Felix Rice 20 min, missed her appointment on 3/4", "appointment on 3/4"],
  ])("ignores the %s date", (_kind, text, eventText) => {
    const parsed = parse(text);

    expect(parsed.date).toBe(today);
    expect(parsed.error).toBeUndefined();
    expect(parsed.note).toContain(eventText);
  });

  it.each([
    ["appointment on a date", "Felix Rice 20 min, cardiology appointment on 3/20"],
    ["appointment next week", "Felix Rice 20 min, appointment next Tuesday"],
    ["abbreviated appointment", "Felix Rice 20 min, f/u appt. on 3/20"],
    ["scheduled procedure", "Felix Rice 20 min, scheduled for colonoscopy on 3/25"],
    ["planned start", "Felix Rice 20 min, will start lisinopril next Monday"],
  ])("allows a future event date: %s", (_kind, text) => {
    const parsed = parse(text);

    expect(parsed.date).toBe(today);
    expect(parsed.error).toBeUndefined();
  });

  it.each([
    ["fall", "called Felix Rice on Monday about her fall 2 weeks ago, 15 min", "2026-03-09"],
    ["discharge", "spoke w Felix Rice on 3/2 after her discharge on 2/28, 20 min", "2026-03-02"],
    ["admission", "Felix Rice admitted 3/1, called her 3/3 20 min", "2026-03-03"],
    ["ER visit", "3/6: 20 min call with Felix Rice re ER visit on 3/1", "2026-03-06"],
    ["surgery", "15 min with Felix Rice yesterday about surgery on 3/2", "2026-03-09"],
    [
      "medication start",
      "reviewed meds with Felix Rice 3/5, started metformin 3/1, 25 min",
      "2026-03-05",
    ],
    ["appointment", "20 min with Felix Rice Monday re appointment on 3/20", "2026-03-09"],
    ["ED visit", "Felix Rice 20 min on 3/4, ED visit 3/1", "2026-03-04"],
    ["diagnosis", "3/6 Felix Rice 30 min, diagnosed with CKD on 2/2", "2026-03-06"],
    [
      "medication stop",
      "phone call with Felix Rice Monday, stopped lisinopril 3/1, 20 min",
      "2026-03-09",
    ],
    ["medication change", "Felix Rice 20 min yesterday, insulin dose changed Friday", "2026-03-09"],
    ["since", "talked to Felix Rice on 3/7, dizzy since 3/2, 15 min", "2026-03-07"],
    ["last seen", "Felix Rice 20 min 3/5, last seen 2/12 by cardiology", "2026-03-05"],
    ["lab draw", "met with Felix Rice on Monday, labs drawn 3/3, 20 min", "2026-03-09"],
  ])("keeps the work's date beside the %s date", (_kind, text, date) => {
    const parsed = parse(text);

    expect(parsed.date).toBe(date);
    expect(parsed.error).toBeUndefined();
  });

  it.each([
    ["date after the patient", "15 min with Felix Rice yesterday", "2026-03-09"],
    ["leading date", "3/2: 20 min call with Felix Rice re discharge", "2026-03-02"],
    ["date after the duration", "Felix Rice fell, 20 min yesterday", "2026-03-09"],
    ["event word as an adjective", "discharge call with Felix Rice yesterday 20 min", "2026-03-09"],
    ["work word in between", "Felix Rice discharged, phoned her Monday, 20 min", "2026-03-09"],
    ["clause break in between", "Felix Rice fell; Monday 20 min check-in", "2026-03-09"],
    ["sentence break in between", "Felix Rice fell. Yesterday 20 min call", "2026-03-09"],
    ["fall prevention", "fall prevention education yesterday, Felix Rice 20 min", "2026-03-09"],
    [
      "far from the event word",
      "Felix Rice fell at home and broke her wrist Monday, 20 min",
      "2026-03-09",
    ],
  ])("counts the work's date: %s", (_kind, text, date) => {
    expect(parse(text).date).toBe(date);
  });

  it("keeps the future_date error for the work", () => {
    const parsed = parse("20 min call with Felix Rice tomorrow about her appointment");

    expect(parsed.date).toBeUndefined();
    expect(parsed.error?.code).toBe("future_date");
  });

  it("ignores an impossible event date", () => {
    const parsed = parse("Felix Rice 20 min call, discharged on 2/30");

    expect(parsed.date).toBe(today);
    expect(parsed.error).toBeUndefined();
    expect(parsed.note).toContain("discharged on 2/30");
  });

  it("keeps the invalid_date error for the work", () => {
    expect(parse("Felix Rice 20 min call 2/30 re discharge").error?.code).toBe("invalid_date");
  });
});

describe("event dates in findServiceDate", () => {
  function dateOf(text: string): string | undefined {
    const found = findServiceDate(text, { instant: referenceInstant, timeZone: practiceZone });
    return found.ok ? found.date : undefined;
  }

  it.each([
    ["the 21st of last month", "18 min call, admitted the 21st of last month"],
    ["last night", "18 min call, discharged last night"],
    ["a bare ordinal day", "18 min call, fell on the 3rd"],
    ["a weekday", "18 min call, admitted Thursday"],
  ])("skips %s after an event word", (_phrase, text) => {
    expect(dateOf(text)).toBe(today);
  });

  it("takes the first date that dates the work", () => {
    expect(dateOf("fell 3/1, 18 min call 3/4, appointment 3/20")).toBe("2026-03-04");
  });
});

describe("isClinicalEventDate", () => {
  it.each([
    ["fell 2 weeks ago", "2 weeks ago"],
    ["discharged on 3/2", "3/2"],
    ["started metformin 500 mg on 3/1", "3/1"],
    ["went to the ER Sunday", "Sunday"],
    ["seen by Dr. Lee on 3/1", "3/1"],
  ])("finds the event in %j", (text, phrase) => {
    expect(isClinicalEventDate(text, spanOf(text, phrase), [])).toBe(true);
  });

  it.each([
    ["date alone", "call 3/2", "3/2"],
    ["date before the event word", "3/2 fell", "3/2"],
    ["five words in between", "started metformin 500 mg twice daily 3/1", "3/1"],
    ["lower-case er filler", "er Sunday", "Sunday"],
    ["comma in between", "fell, 3/2", "3/2"],
    ["work word in between", "admitted and called her 3/2", "3/2"],
  ])("finds no event: %s", (_case, text, phrase) => {
    expect(isClinicalEventDate(text, spanOf(text, phrase), [])).toBe(false);
  });

  it("sees a comma that chrono puts in the span", () => {
    const text = "fell, Thursday";

    expect(isClinicalEventDate(text, spanOf(text, ", Thursday"), [])).toBe(false);
  });

  it("dates the work right after a work span", () => {
    const text = "fell         on Monday";
    const workSpan = { start: 5, end: 12 };

    expect(isClinicalEventDate(text, spanOf(text, "Monday"), [workSpan])).toBe(false);
    expect(isClinicalEventDate(text, spanOf(text, "Monday"), [])).toBe(true);
  });

  it("ignores a work span followed by other words", () => {
    const text = "started         on metformin 3/1";
    const workSpan = { start: 8, end: 15 };

    expect(isClinicalEventDate(text, spanOf(text, "3/1"), [workSpan])).toBe(true);
  });
});

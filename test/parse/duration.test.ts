import { describe, expect, it } from "vitest";
import { scanDurations } from "../../src/parse/duration.ts";
import { type DurationOutcome, totalDuration } from "../../src/parse/duration-total.ts";

function durationOf(text: string): DurationOutcome {
  return totalDuration(scanDurations(text));
}

describe("duration", () => {
  it.each([
    ["40m", 40],
    ["40min", 40],
    ["40 min", 40],
    ["40 mins", 40],
    ["40 minutes", 40],
    ["40-minute call", 40],
    ["3 hrs", 180],
    ["2h", 120],
    ["2h10m", 130],
    ["2h10", 130],
    ["2 hr 10 min", 130],
    ["2 hours 10 minutes", 130],
    ["2 hours and 10 minutes", 130],
    ["an hour and ten minutes", 70],
    ["2.5 hours", 150],
    ["0.75 hr", 45],
    ["two point five hours", 150],
    ["half an hour", 30],
    ["half hour", 30],
    ["half-hour", 30],
    ["a half hour", 30],
    ["an hour and a half", 90],
    ["two and a half hours", 150],
    ["quarter hour", 15],
    ["a quarter of an hour", 15],
    ["an hour", 60],
    ["a minute", 1],
    ["thirty five minutes", 35],
    ["fifty-five min", 55],
    ["eighteen minutes", 18],
    ["one hundred and ten minutes", 110],
  ])("reads %j as %i minutes", (text, minutes) => {
    expect(durationOf(`spent ${text} on care plan`)).toEqual({ ok: true, minutes });
  });

  it("sums several durations", () => {
    expect(durationOf("8 min call and 12 min chart review")).toEqual({ ok: true, minutes: 20 });
  });

  it("sums a bullet list", () => {
    expect(durationOf("call 5 min\nfax 7 min\nreview 9 min")).toEqual({ ok: true, minutes: 21 });
  });

  it("rounds fractional minutes down", () => {
    expect(durationOf("7.9 min")).toEqual({ ok: true, minutes: 7 });
    expect(durationOf("1.33 hours")).toEqual({ ok: true, minutes: 79 });
    expect(durationOf("1.15 hours")).toEqual({ ok: true, minutes: 69 });
  });

  it("sums before rounding down", () => {
    expect(durationOf("7.5 min and 7.5 min")).toEqual({ ok: true, minutes: 15 });
  });

  it.each([
    "25-35 min",
    "25–35 min",
    "25 - 35 minutes",
    "25 to 35 min",
    "25 or 35 minutes",
    "25 min or 35 min",
    "between 25 and 35 min",
    "1-2 hours",
  ])("flags range %j as ambiguous", (text) => {
    expect(durationOf(text)).toMatchObject({ ok: false, code: "ambiguous_duration" });
  });

  it("accepts a total that matches the parts", () => {
    expect(durationOf("6 min call + 9 min review, 15 min total")).toEqual({
      ok: true,
      minutes: 15,
    });
    expect(durationOf("total: 15 min (6 min call, 9 min review)")).toEqual({
      ok: true,
      minutes: 15,
    });
  });

  it("rejects a total that disagrees with the parts", () => {
    expect(durationOf("6 min call + 9 min review, 25 min total")).toMatchObject({
      ok: false,
      code: "conflicting_durations",
      parts: 15,
      total: 25,
    });
  });

  it("uses a total given alone", () => {
    expect(durationOf("total of 35 min")).toEqual({ ok: true, minutes: 35 });
  });

  it.each(["0 min", "0.5 min", "25 hours", "1500 minutes"])(
    "rejects %j as out of range",
    (text) => {
      expect(durationOf(text)).toMatchObject({ ok: false, code: "duration_out_of_range" });
    },
  );

  it.each(["-15 min", "−15 min", "minus 15 min", "call -1h", "30 min minus 5 min"])(
    "rejects negative %j",
    (text) => {
      expect(durationOf(text)).toMatchObject({ ok: false, code: "negative_duration" });
    },
  );

  it.each([
    ["Doe - 15 min", 15],
    ["f/u-15 min", 15],
    ["- 15 min", 15],
  ])("reads a dash in %j as no sign", (text, minutes) => {
    expect(durationOf(text)).toEqual({ ok: true, minutes });
  });

  it("accepts exactly 24 hours", () => {
    expect(durationOf("24 hours")).toEqual({ ok: true, minutes: 1440 });
  });

  it.each([
    "call at 11:45",
    "call at 8am",
    "call at 8 pm",
    "at noon",
    "metoprolol 25 mg",
    "insulin 12 units",
    "BP 138/92",
    "A1c 7.9",
    "q6h dosing",
    "back in 20 min",
    "within 10 minutes",
    "15 min late",
    "20 min ago",
    "every 30 min",
    "#4471 ticket",
  ])("finds no service duration in %j", (text) => {
    expect(durationOf(text)).toMatchObject({ ok: false, code: "missing_duration" });
  });

  it("records the span of each duration", () => {
    const text = "call 2 hrs 5 min then fax";
    const [mention] = scanDurations(text).mentions;
    expect(text.slice(mention?.span.start, mention?.span.end)).toBe("2 hrs 5 min");
  });

  it("keeps a scheduling duration apart as ignored", () => {
    const scan = scanDurations("will call back in 10 min");
    expect(scan.mentions).toHaveLength(0);
    expect(scan.ignored).toHaveLength(1);
  });
});

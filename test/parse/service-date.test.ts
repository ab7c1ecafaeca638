import * as chrono from "chrono-node";
import { describe, expect, it } from "vitest";
import { dateParser, findServiceDate, type ServiceDate } from "../../src/parse/service-date.ts";
import { practiceZone, referenceInstant } from "../patients/test-roster.ts";

function dateOf(text: string): ServiceDate {
  return findServiceDate(text, { instant: referenceInstant, timeZone: practiceZone });
}

describe("findServiceDate", () => {
  it.each([
    ["chart review", "2026-03-10"],
    ["today", "2026-03-10"],
    ["this morning", "2026-03-10"],
    ["this afternoon", "2026-03-10"],
    ["at 9:15", "2026-03-10"],
    ["at 7am", "2026-03-10"],
    ["yesterday", "2026-03-09"],
    ["last night", "2026-03-09"],
    ["2 days ago", "2026-03-08"],
    ["Tuesday", "2026-03-10"],
    ["on Tuesday", "2026-03-10"],
    ["Wednesday", "2026-03-04"],
    ["on Saturday", "2026-03-07"],
    ["on Sunday", "2026-03-08"],
    ["Mon", "2026-03-09"],
    ["last Tuesday", "2026-03-03"],
    ["last Thursday", "2026-03-05"],
    ["3/4", "2026-03-04"],
    ["on 2/27", "2026-02-27"],
    ["3/10", "2026-03-10"],
    ["12/29", "2025-12-29"],
    ["Nov 3", "2025-11-03"],
    ["March 9th", "2026-03-09"],
    ["march ninth", "2026-03-09"],
    ["1/15/2026", "2026-01-15"],
    ["the 21st of last month", "2026-02-21"],
    ["last month on the 3rd", "2026-02-03"],
    ["on the 8th", "2026-03-08"],
    ["on the 25th", "2026-02-25"],
  ])("dates %j as %s", (text, date) => {
    expect(dateOf(`18 min call ${text}`)).toMatchObject({ ok: true, date });
  });

  it.each([
    ["tomorrow", "2026-03-11"],
    ["3/11", "2026-03-11"],
    ["next Monday", "2026-03-16"],
    ["March 20", "2026-03-20"],
    ["4/2", "2026-04-02"],
  ])("flags %j as a future date", (text, date) => {
    expect(dateOf(`18 min call ${text}`)).toMatchObject({ ok: false, code: "future_date", date });
  });

  it.each(["2/30", "on Feb 30", "April 31st", "2026-02-30", "2/29/2026", "6/31/25"])(
    "flags %j as an impossible date",
    (text) => {
      expect(dateOf(`18 min call ${text}`)).toMatchObject({ ok: false, code: "invalid_date" });
    },
  );

  it.each(["2/29", "1/2 tab", "1/31", "Feb 28"])("does not call %j impossible", (text) => {
    expect(dateOf(`18 min call ${text}`)).toMatchObject({ ok: true });
  });

  it("defaults to today without a date", () => {
    expect(dateOf("18 min call")).toEqual({ ok: true, date: "2026-03-10", span: null });
  });

  it("returns the span of the date words", () => {
    const text = "18 min call on 2/27 about meds";
    const result = dateOf(text);
    expect(text.slice(result.span?.start, result.span?.end)).toContain("2/27");
  });

  it("skips lower-case words that look like weekdays", () => {
    expect(dateOf("sat with the family, 18 min")).toMatchObject({ ok: true, date: "2026-03-10" });
  });

  it.each(["- 8559 y", "+8559 y", "spent -12000 years"])(
    "ignores a relative year beyond 0001-9999: %s",
    (text) => {
      // chrono-node 2.10 reads "-8559 y" as 8559 years back, which has no YYYY-MM-DD form.
      expect(dateOf(text)).toMatchObject({ ok: true, date: "2026-03-10" });
    },
  );

  it("ignores a month without a day", () => {
    expect(dateOf("18 min call about the March labs")).toMatchObject({
      ok: true,
      date: "2026-03-10",
    });
  });
});

describe("dateParser", () => {
  it("leaves out exactly the three time-of-day parsers", () => {
    // Parsers are found by class name; a chrono-node release that renames them fails here.
    expect(dateParser.parsers).toHaveLength(chrono.casual.parsers.length - 3);
  });
});

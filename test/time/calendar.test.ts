import { describe, expect, it } from "vitest";
import {
  addDays,
  daysLeftInMonth,
  instantFromLocalTime,
  isValidDate,
  localDateOf,
  monthBounds,
  monthLabel,
  utcOffsetMinutes,
} from "../../src/time/calendar.ts";

describe("calendar", () => {
  it("keeps 23:30 on 31 January in New York in January", () => {
    const instant = instantFromLocalTime("2026-01-31T23:30", "America/New_York");

    expect(instant.toISOString()).toBe("2026-02-01T04:30:00.000Z");
    expect(localDateOf(instant, "America/New_York")).toBe("2026-01-31");
  });

  it("reads offsets across the March DST change", () => {
    expect(
      utcOffsetMinutes(
        instantFromLocalTime("2026-03-07T12:00", "America/New_York"),
        "America/New_York",
      ),
    ).toBe(-300);
    expect(
      utcOffsetMinutes(
        instantFromLocalTime("2026-03-10T12:00", "America/New_York"),
        "America/New_York",
      ),
    ).toBe(-240);
  });

  it("does date arithmetic without day shifts", () => {
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(daysLeftInMonth("2026-01-31")).toBe(1);
    expect(daysLeftInMonth("2026-02-01")).toBe(28);
  });

  it("bounds months for range queries", () => {
    expect(monthBounds("2026-12")).toEqual({ first: "2026-12-01", next: "2027-01-01" });
    expect(monthLabel("2026-03")).toBe("March 2026");
  });

  it("rejects impossible dates", () => {
    expect(isValidDate("2026-02-30")).toBe(false);
    expect(isValidDate("2026-13-01")).toBe(false);
    expect(isValidDate("2026-02-28")).toBe(true);
  });
});

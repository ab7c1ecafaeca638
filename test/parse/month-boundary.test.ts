import { afterEach, describe, expect, it } from "vitest";
import { parseMessage } from "../../src/parse/index.ts";
import { instantFromLocalTime } from "../../src/time/calendar.ts";
import { practiceZone, testIndex } from "../patients/test-roster.ts";

const originalZone = process.env.TZ;

function dateAt(text: string, localTime: string): string | undefined {
  const instant = instantFromLocalTime(localTime, practiceZone);
  return parseMessage(text, { instant, timeZone: practiceZone, roster: testIndex }).date;
}

describe("service date at month boundaries", () => {
  // The host zone must not matter, so each case runs under zones on both sides of New York.
  afterEach(() => {
    process.env.TZ = originalZone;
  });

  for (const hostZone of ["UTC", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
    it(`keeps 23:30 on 31 January in January under TZ=${hostZone}`, () => {
      process.env.TZ = hostZone;
      expect(dateAt("22 min with Ingrid Solberg", "2026-01-31T23:30:00")).toBe("2026-01-31");
    });

    it(`dates yesterday at 00:20 on 1 March as 28 February under TZ=${hostZone}`, () => {
      process.env.TZ = hostZone;
      expect(dateAt("22 min with Ingrid Solberg yesterday", "2026-03-01T00:20:00")).toBe(
        "2026-02-28",
      );
    });

    it(`dates last night at 00:20 on 1 March under TZ=${hostZone}`, () => {
      process.env.TZ = hostZone;
      expect(dateAt("22 min with Ingrid Solberg last night", "2026-03-01T00:20:00")).toBe(
        "2026-02-28",
      );
    });

    it(`dates a weekday across New Year under TZ=${hostZone}`, () => {
      process.env.TZ = hostZone;
      expect(dateAt("22 min with Ingrid Solberg on Wednesday", "2026-01-01T09:00:00")).toBe(
        "2025-12-31",
      );
    });
  }

  it("dates 12/31 on 1 January as the day before", () => {
    expect(dateAt("22 min with Ingrid Solberg 12/31", "2026-01-01T08:00:00")).toBe("2025-12-31");
  });

  it("never returns 30 February for the 30th of last month", () => {
    const parsed = parseMessage("22 min with Ingrid Solberg the 30th of last month", {
      instant: instantFromLocalTime("2026-03-10T12:00:00", practiceZone),
      timeZone: practiceZone,
      roster: testIndex,
    });
    expect(parsed.date).not.toBe("2026-02-30");
  });

  it("reads the date in the practice zone, not in UTC", () => {
    // 2026-03-10T02:00Z is still 9 March in New York.
    const instant = new Date("2026-03-10T02:00:00Z");
    const parsed = parseMessage("22 min with Ingrid Solberg", {
      instant,
      timeZone: practiceZone,
      roster: testIndex,
    });
    expect(parsed.date).toBe("2026-03-09");
  });
});

import { describe, expect, it } from "vitest";
import {
  defaultFeeSchedule,
  expectedCents,
  feeFor,
  formatCents,
  parseFeeSchedule,
} from "../../src/billing/fee-schedule.ts";

describe("feeFor", () => {
  it("takes the amount of the service year", () => {
    expect(feeFor(defaultFeeSchedule, "99439", 2024)).toEqual({
      amountCents: 4715,
      year: 2024,
      estimate: false,
    });
  });

  it("falls back to the latest earlier year", () => {
    expect(feeFor(defaultFeeSchedule, "99491", 2026)).toEqual({
      amountCents: 8318,
      year: 2022,
      estimate: true,
    });
    expect(feeFor(defaultFeeSchedule, "99491", 2022)?.estimate).toBe(false);
  });

  it("has no amount before the first year or for unknown codes", () => {
    expect(feeFor(defaultFeeSchedule, "99490", 2020)).toBeUndefined();
    expect(feeFor(defaultFeeSchedule, "99437", 2026)).toBeUndefined();
  });

  it("multiplies by units", () => {
    expect(expectedCents(defaultFeeSchedule, "99439", 2026, 2)).toBe(9600);
  });
});

describe("parseFeeSchedule", () => {
  it("reads dollars into cents", () => {
    const parsed = parseFeeSchedule([
      { code: "99490", year: 2026, amount: 66.13 },
      { code: "99437", year: 2026, amount: 57.1, estimate: true },
    ]);

    expect(parsed).toEqual({
      ok: true,
      schedule: [
        { code: "99490", year: 2026, amountCents: 6613, estimate: undefined },
        { code: "99437", year: 2026, amountCents: 5710, estimate: true },
      ],
    });
  });

  const invalid: [string, unknown, string][] = [
    ["an object", { code: "99490" }, "top level"],
    ["an empty list", [], "at least one entry"],
    ["a bad code", [{ code: "9949", year: 2026, amount: 1 }], "entry 0.code"],
    ["a negative amount", [{ code: "99490", year: 2026, amount: -1 }], "entry 0.amount"],
    ["fractions of a cent", [{ code: "99490", year: 2026, amount: 1.234 }], "whole cents"],
    [
      "a repeated code and year",
      [
        { code: "99490", year: 2026, amount: 1 },
        { code: "99490", year: 2026, amount: 2 },
      ],
      "99490 for 2026 appears twice",
    ],
  ];
  for (const [name, data, message] of invalid) {
    it(`rejects ${name}`, () => {
      const parsed = parseFeeSchedule(data);

      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? "" : parsed.message).toContain(message);
    });
  }
});

describe("formatCents", () => {
  it("writes dollars and cents", () => {
    expect(formatCents(6613)).toBe("$66.13");
    expect(formatCents(123456)).toBe("$1,234.56");
    expect(formatCents(5)).toBe("$0.05");
  });
});

import { describe, expect, it } from "vitest";
import { expectedRevenue, nationalFeeEstimates } from "../../src/billing/expected-revenue.ts";

describe("expectedRevenue", () => {
  it("multiplies each code's amount by its units", () => {
    const estimate = expectedRevenue(
      [
        { code: "99490", units: 3 },
        { code: "99439", units: 2 },
      ],
      2026,
    );

    expect(estimate).toEqual({ cents: 3 * 6613 + 2 * 4800, unpricedCodes: [] });
  });

  it("lists codes without an amount", () => {
    const estimate = expectedRevenue([{ code: "G0506", units: 1 }], 2026);

    expect(estimate).toEqual({ cents: 0, unpricedCodes: ["G0506"] });
  });

  it("uses a given fee lookup", () => {
    const estimate = expectedRevenue([{ code: "99490", units: 2 }], 2026, () => 5000);

    expect(estimate.cents).toBe(10_000);
  });

  it("falls back to the latest earlier year", () => {
    expect(nationalFeeEstimates("99439", 2023)).toBe(4716);
    expect(nationalFeeEstimates("99490", 2030)).toBe(6613);
    expect(nationalFeeEstimates("99490", 2019)).toBeUndefined();
  });
});

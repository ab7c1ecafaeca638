import { describe, expect, it } from "vitest";
import { expectedRevenue } from "../../src/billing/expected-revenue.ts";

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

  it("uses the practice's fee schedule", () => {
    const schedule = [{ code: "99490", year: 2026, amountCents: 5000 }];

    const estimate = expectedRevenue([{ code: "99490", units: 2 }], 2026, schedule);

    expect(estimate.cents).toBe(10_000);
  });

  it("falls back to the latest earlier year", () => {
    expect(expectedRevenue([{ code: "99439", units: 1 }], 2023).cents).toBe(4716);
    expect(expectedRevenue([{ code: "99490", units: 1 }], 2030).cents).toBe(6613);
    expect(expectedRevenue([{ code: "99490", units: 1 }], 2019).unpricedCodes).toEqual(["99490"]);
  });
});

import { describe, expect, it } from "vitest";
import { evaluateMonth } from "../../src/billing/earned-claims.ts";

describe("evaluateMonth", () => {
  const cases: {
    minutes: number;
    earned: { code: string; units: number }[];
    next?: { code: string; missing: number };
  }[] = [
    { minutes: 0, earned: [], next: { code: "99490", missing: 20 } },
    { minutes: 19, earned: [], next: { code: "99490", missing: 1 } },
    { minutes: 20, earned: [{ code: "99490", units: 1 }], next: { code: "99439", missing: 20 } },
    { minutes: 21, earned: [{ code: "99490", units: 1 }], next: { code: "99439", missing: 19 } },
    { minutes: 39, earned: [{ code: "99490", units: 1 }], next: { code: "99439", missing: 1 } },
    {
      minutes: 40,
      earned: [
        { code: "99490", units: 1 },
        { code: "99439", units: 1 },
      ],
      next: { code: "99439", missing: 20 },
    },
    {
      minutes: 60,
      earned: [
        { code: "99490", units: 1 },
        { code: "99439", units: 2 },
      ],
    },
    {
      minutes: 200,
      earned: [
        { code: "99490", units: 1 },
        { code: "99439", units: 2 },
      ],
    },
  ];

  for (const { minutes, earned, next } of cases) {
    it(`earns the right codes at ${minutes} minutes`, () => {
      const evaluation = evaluateMonth("2026-03", minutes);

      expect(evaluation.earned).toEqual(earned);
      expect(evaluation.next?.code).toBe(next?.code);
      expect(evaluation.next?.minutesMissing).toBe(next?.missing);
    });
  }

  it("uses only codes in force that year", () => {
    const evaluation = evaluateMonth("2020-06", 45);

    expect(evaluation.earned).toEqual([{ code: "99490", units: 1 }]);
  });
});

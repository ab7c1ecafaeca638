import { describe, expect, it } from "vitest";
import { progressToNext } from "../../src/billing/milestone-progress.ts";
import { evaluateStaffMinutes } from "../../src/billing/staff-minutes.ts";

describe("progressToNext", () => {
  const cases = [
    { total: 0, done: 0, needed: 20 },
    { total: 15, done: 15, needed: 20 },
    { total: 20, done: 0, needed: 20 },
    { total: 35, done: 15, needed: 20 },
    { total: 59, done: 19, needed: 20 },
  ];

  for (const { total, done, needed } of cases) {
    it(`counts from the last milestone at ${total} minutes`, () => {
      expect(progressToNext("2026-03", evaluateStaffMinutes("2026-03", total))).toEqual({
        minutesDone: done,
        minutesNeeded: needed,
      });
    });
  }

  it("is undefined once every code is earned", () => {
    expect(progressToNext("2026-03", evaluateStaffMinutes("2026-03", 60))).toBeUndefined();
  });
});

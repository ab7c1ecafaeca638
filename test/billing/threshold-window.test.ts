import { describe, expect, it } from "vitest";
import { evaluateStaffMinutes } from "../../src/billing/staff-minutes.ts";
import { totalsNearThreshold } from "../../src/billing/threshold-window.ts";

describe("totalsNearThreshold", () => {
  it("lists one range below each milestone", () => {
    expect(totalsNearThreshold("2026-03", 10)).toEqual([
      { from: 10, to: 19 },
      { from: 30, to: 39 },
      { from: 50, to: 59 },
    ]);
  });

  it("never includes a total of zero", () => {
    expect(totalsNearThreshold("2026-03", 25)[0]).toEqual({ from: 1, to: 19 });
  });

  it("stops a wide window at the previous milestone", () => {
    expect(totalsNearThreshold("2026-03", 25)).toEqual([
      { from: 1, to: 19 },
      { from: 20, to: 39 },
      { from: 40, to: 59 },
    ]);
  });

  it("agrees with evaluateMonth for every total", () => {
    const ranges = totalsNearThreshold("2026-03", 7);
    for (let total = 0; total <= 80; total += 1) {
      const next = evaluateStaffMinutes("2026-03", total).next;
      const expected = total > 0 && next !== undefined && next.minutesMissing <= 7;
      const listed = ranges.some((range) => range.from <= total && total <= range.to);
      expect(listed, `total ${total}`).toBe(expected);
    }
  });

  it("lists the milestones of PCM and complex months", () => {
    expect(totalsNearThreshold("2026-03", 10, { program: "pcm" })).toEqual([
      { from: 20, to: 29 },
      { from: 50, to: 59 },
    ]);
    const complex = totalsNearThreshold("2026-03", 10, { complex: true });
    expect(complex.slice(0, 3)).toEqual([
      { from: 50, to: 59 },
      { from: 80, to: 89 },
      { from: 110, to: 119 },
    ]);
    expect(complex.at(-1)).toEqual({ from: 470, to: 479 });
  });

  it("rejects a window below one minute", () => {
    expect(() => totalsNearThreshold("2026-03", 0)).toThrow(RangeError);
  });
});

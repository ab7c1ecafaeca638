import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../src/chat/voice/rate-limiter.ts";
import { TestClock } from "../../support/context.ts";

describe("RateLimiter", () => {
  function createLimiter(clock: TestClock) {
    return new RateLimiter({ capacity: 3, refillPerMinute: 6, now: clock.now });
  }

  it("allows a burst up to capacity", () => {
    const limiter = createLimiter(new TestClock(new Date("2026-03-10T19:00:00Z")));

    const decisions = [1, 2, 3, 4].map(() => limiter.take("token-1"));

    expect(decisions.slice(0, 3)).toEqual(Array(3).fill({ allowed: true }));
    expect(decisions[3]).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it("refills one request per interval", () => {
    const clock = new TestClock(new Date("2026-03-10T19:00:00Z"));
    const limiter = createLimiter(clock);
    for (let count = 0; count < 3; count += 1) limiter.take("token-1");

    clock.set(new Date("2026-03-10T19:00:04Z"));
    const early = limiter.take("token-1");
    clock.set(new Date("2026-03-10T19:00:10Z"));
    const onTime = limiter.take("token-1");
    const again = limiter.take("token-1");

    expect(early).toEqual({ allowed: false, retryAfterSeconds: 6 });
    expect(onTime).toEqual({ allowed: true });
    expect(again.allowed).toBe(false);
  });

  it("keeps keys apart", () => {
    const limiter = createLimiter(new TestClock(new Date("2026-03-10T19:00:00Z")));
    for (let count = 0; count < 3; count += 1) limiter.take("token-1");

    expect(limiter.take("token-1").allowed).toBe(false);
    expect(limiter.take("token-2").allowed).toBe(true);
  });

  it("never exceeds capacity after a long pause", () => {
    const clock = new TestClock(new Date("2026-03-10T19:00:00Z"));
    const limiter = createLimiter(clock);
    limiter.take("token-1");

    clock.set(new Date("2026-03-11T19:00:00Z"));
    const decisions = [1, 2, 3, 4].map(() => limiter.take("token-1").allowed);

    expect(decisions).toEqual([true, true, true, false]);
  });
});

/**
 * A seeded pseudo-random generator (mulberry32), so every run of the benchmarks builds the same
 * synthetic rosters and messages. Not for anything that needs unpredictability.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Returns true with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("Cannot pick from an empty list");
    return item;
  }

  /**
   * Picks from `items` with a skew toward the front, so a few names are common and many are rare,
   * as in a real practice. The position is `length * u^(1 + exponent)` for a uniform u, so with
   * the default exponent of 1 the first tenth of the list gets about 32% of the picks.
   */
  pickSkewed<T>(items: readonly T[], exponent = 1): T {
    const position = Math.floor(items.length * this.next() ** (1 + exponent));
    const item = items[Math.min(position, items.length - 1)];
    if (item === undefined) throw new Error("Cannot pick from an empty list");
    return item;
  }
}

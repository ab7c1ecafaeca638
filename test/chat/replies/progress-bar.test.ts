import { describe, expect, it } from "vitest";
import { progressBar } from "../../../src/chat/replies/progress-bar.ts";

describe("progressBar", () => {
  it("fills by tenths", () => {
    expect(progressBar(15, 20)).toBe("███████░░░");
  });

  it("is never full one minute short", () => {
    expect(progressBar(19, 20)).toBe("█████████░");
  });

  it("is full at the threshold", () => {
    expect(progressBar(20, 20)).toBe("██████████");
  });

  it("is empty at zero", () => {
    expect(progressBar(0, 20)).toBe("░░░░░░░░░░");
  });
});

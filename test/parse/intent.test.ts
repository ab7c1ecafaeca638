import { describe, expect, it } from "vitest";
import { parseMessage } from "../../src/parse/index.ts";
import type { ParsedMessage } from "../../src/parse/types.ts";
import { practiceZone, referenceInstant, testIndex } from "../patients/test-roster.ts";

function parse(text: string): ParsedMessage {
  return parseMessage(text, {
    instant: referenceInstant,
    timeZone: practiceZone,
    roster: testIndex,
  });
}

describe("intent", () => {
  it.each([
    "undo",
    "Undo.",
    "undo that",
    "undo my last entry",
    "scratch that",
    "scratch that last one",
    "delete my last entry",
    "remove the last one please",
    "oops, undo",
  ])("reads %j as undo", (text) => {
    expect(parse(text)).toEqual({ intent: "undo" });
  });

  it.each([
    ["total for mrn 500124?", { status: "matched", id: "T24" }],
    ["how many minutes does Felix Rice have so far?", { status: "matched", id: "T22" }],
    ["how much time does Ingrid Solberg have this month?", { status: "matched", id: "T24" }],
    ["what's the total for B. Quist", { status: "matched", id: "T23" }],
    ["how many minutes for O. Marchetti?", { status: "ambiguous", candidates: ["T9", "T11"] }],
  ])("reads %j as a query", (text, patient) => {
    expect(parse(text)).toEqual({ intent: "query", patient });
  });

  it.each([
    "hi all",
    "good morning team :sunny:",
    "thanks!",
    "thank you so much",
    "lunch at noon?",
    "meeting in 20 min",
    "running 5 min late to huddle",
    "back in 10 minutes",
    "Felix Rice?",
    "is Ingrid Solberg enrolled",
    "",
    "   ",
  ])("reads %j as none", (text) => {
    expect(parse(text)).toEqual({ intent: "none" });
  });

  it("logs a duration with a patient", () => {
    expect(parse("Ingrid Solberg 22 min")).toMatchObject({
      intent: "log",
      minutes: 22,
      date: "2026-03-10",
      patient: { status: "matched", id: "T24" },
    });
  });

  it("logs a duration with a care word but no patient as missing_patient", () => {
    const parsed = parse("22 min chart review");
    expect(parsed.intent).toBe("log");
    expect(parsed.error?.code).toBe("missing_patient");
    expect(parsed.patient).toBeUndefined();
  });

  it("logs a care word with a patient but no duration as missing_duration", () => {
    const parsed = parse("called Ingrid Solberg about refills");
    expect(parsed.intent).toBe("log");
    expect(parsed.error?.code).toBe("missing_duration");
    expect(parsed.minutes).toBeUndefined();
  });

  it("treats a duration alone as none", () => {
    expect(parse("22 min")).toEqual({ intent: "none" });
  });

  it("keeps an unknown patient on a log", () => {
    expect(parse("spent 22 min with Cordelia Penhaligon on refills")).toMatchObject({
      intent: "log",
      minutes: 22,
      patient: { status: "unknown", text: "Cordelia Penhaligon" },
    });
  });

  it("keeps an ambiguous patient on a log without error", () => {
    const parsed = parse("22 min call with Olivia");
    expect(parsed.patient).toEqual({ status: "ambiguous", candidates: ["T9", "T10"] });
    expect(parsed.error).toBeUndefined();
    expect(parsed.minutes).toBe(22);
  });

  it("reports a range as ambiguous_duration", () => {
    const parsed = parse("20-25 min call with Felix Rice");
    expect(parsed.error?.code).toBe("ambiguous_duration");
    expect(parsed.minutes).toBeUndefined();
  });

  it("reports a disagreeing total as conflicting_durations", () => {
    const parsed = parse("Felix Rice 10 min call + 10 min review, 30 min total");
    expect(parsed.error?.code).toBe("conflicting_durations");
  });

  it("reports a future date without the date", () => {
    const parsed = parse("22 min with Felix Rice tomorrow");
    expect(parsed.error?.code).toBe("future_date");
    expect(parsed.date).toBeUndefined();
  });

  it.each([
    "15 min with Felix Rice and 30 min with Ingrid Solberg",
    "Felix Rice 10 min call\n> Ingrid Solberg 30 min chart review",
    "Felix Rice, Ingrid Solberg 20 min care conference",
  ])("reports two patients in %j as multiple_patients", (text) => {
    const parsed = parse(text);
    expect(parsed.intent).toBe("log");
    expect(parsed.error?.code).toBe("multiple_patients");
    expect(parsed.minutes).toBeUndefined();
    expect(parsed.error?.message).not.toContain("Rice");
    expect(parsed.error?.message).not.toContain("Solberg");
  });

  it.each([
    ["22 min with Theodore Vance (Ted Vance)", "T21"],
    ["22 min with Felix Rice, F. Rice on the phone", "T22"],
  ])("logs one patient named twice in %j", (text, id) => {
    const parsed = parse(text);
    expect(parsed.error).toBeUndefined();
    expect(parsed.patient).toEqual({ status: "matched", id });
  });

  it.each([
    ["Felix Rice 22 min, pain 2/10", "pain 2/10"],
    ["Felix Rice 22 min, pain score 7/10", "pain score 7/10"],
    ["Felix Rice 22 min, PHQ-9 score 5/27", "PHQ-9 score 5/27"],
    ["Felix Rice 22 min, took 1/2 tab of metoprolol", "took 1/2 tab of metoprolol"],
    ["Felix Rice 22 min about 24/7 oxygen", "24/7 oxygen"],
  ])("keeps the clinical fraction in %j out of the date", (text, note) => {
    const parsed = parse(text);
    expect(parsed.error).toBeUndefined();
    expect(parsed.date).toBe("2026-03-10");
    expect(parsed.note).toBe(note);
  });

  it("still reads a slash date after clinical words", () => {
    expect(parse("Felix Rice 22 min, pain 2/10 on 3/2").date).toBe("2026-03-02");
  });

  it("writes error messages that say how to fix the input", () => {
    expect(parse("called Ingrid Solberg").error?.message).toContain("Add the minutes");
  });
});

describe("note", () => {
  it.each([
    ["Spent 22 min with Ingrid Solberg re: insulin dosing.", "insulin dosing"],
    ["Ingrid Solberg - 22 minutes - reviewed home BP log", "reviewed home BP log"],
    [
      "22 min call w/ Felix Rice on 3/9 about statin side effects",
      "call about statin side effects",
    ],
    ["Felix Rice\n• 10 min call\n• 12 min chart review", "call; chart review"],
    ["mrn:500124 spent 22 min on prior auth", "prior auth"],
  ])("keeps the activity of %j", (text, note) => {
    expect(parse(text).note).toBe(note);
  });

  it("leaves no note when nothing is left", () => {
    expect(parse("22 min with Felix Rice").note).toBeUndefined();
  });
});

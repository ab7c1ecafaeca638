import { describe, expect, it } from "vitest";
import { resolvePatient } from "../../src/patients/resolve-patient.ts";
import { buildRosterIndex } from "../../src/patients/roster-index.ts";
import type { PatientReference } from "../../src/patients/types.ts";
import { testIndex } from "./test-roster.ts";

function reference(text: string): PatientReference | null {
  return resolvePatient(text, testIndex).reference;
}

const matched = (id: string): PatientReference => ({ status: "matched", id });
const ambiguous = (...candidates: string[]): PatientReference => ({
  status: "ambiguous",
  candidates,
});
const unknown = (text: string): PatientReference => ({ status: "unknown", text });

describe("resolvePatient", () => {
  it.each([
    ["12 min with Bartholomew Quist", "T23"],
    ["12 min with bartholomew quist", "T23"],
    ["12 min with Ted Vance", "T21"],
    ["12 min with Nene Dubois", "T12"],
    ["Quist, Bartholomew 12 min", "T23"],
    ["Marchetti, Oliver 12 min", "T11"],
    ["12 min with O. Brandt", "T10"],
    ["12 min with O Brandt", "T10"],
    ["12 min with B. Quist", "T23"],
    ["12 min with I.S.", "T24"],
    ["12 min with Bartholomew", "T23"],
    ["Solberg 12 min med rec", "T24"],
    ["12 min with Oliver", "T11"],
  ])("matches %j", (text, id) => {
    expect(reference(text)).toEqual(matched(id));
  });

  it.each([
    ["Renée Dubois-Laurent", "T12"],
    ["Renee Dubois Laurent", "T12"],
    ["Renee DuboisLaurent", "T12"],
    ["RENEE DUBOIS-LAURENT", "T12"],
    ["Rene\u0301e Dubois-Laurent", "T12"],
    ["Seamus O'Doherty", "T13"],
    ["Seamus O’Doherty", "T13"],
    ["seamus o doherty", "T13"],
    ["Seamus ODoherty", "T13"],
    ["Pieter Van den Hoek", "T14"],
    ["pieter van den hoek", "T14"],
    ["Van den Hoek", "T14"],
    ["Carmen De la Fuente", "T15"],
    ["De la Fuente", "T15"],
    ["Jürgen Köhler", "T16"],
    ["jurgen kohler", "T16"],
    ["Juergen Koehler", "T16"],
    ["Inigo Ibanez", "T17"],
    ["I\u0301n\u0303igo Iba\u0301n\u0303ez", "T17"],
  ])("folds spelling of %j", (name, id) => {
    expect(reference(`called ${name}, 12 min`)).toEqual(matched(id));
  });

  it.each([
    ["MRN 500121 12 min", "T21"],
    ["mrn:500121 12 min", "T21"],
    ["MRN# 500121 12 min", "T21"],
    ["MRN #500121 12 min", "T21"],
    ["#500121 phone call", "T21"],
    ["12 min call for mrn 500121", "T21"],
  ])("matches MRN form %j", (text, id) => {
    expect(reference(text)).toEqual(matched(id));
  });

  it("prefers MRN over a name elsewhere", () => {
    expect(reference("Olivia, MRN 500111, 12 min")).toEqual(matched("T11"));
  });

  it("prefers full name over first name", () => {
    expect(reference("Olivia Brandt 12 min")).toEqual(matched("T10"));
  });

  it("reports a shared first name as ambiguous", () => {
    expect(reference("12 min with Olivia about meds")).toEqual(ambiguous("T9", "T10"));
  });

  it("reports a shared surname as ambiguous", () => {
    expect(reference("12 min with Marchetti")).toEqual(ambiguous("T9", "T11"));
  });

  it("reports shared initials as ambiguous", () => {
    expect(reference("12 min with O. Marchetti")).toEqual(ambiguous("T9", "T11"));
    expect(reference("12 min with O.M.")).toEqual(ambiguous("T9", "T11"));
  });

  it("sorts candidates by number within ids", () => {
    const index = buildRosterIndex([
      { id: "P10", name: "Ada Kerr", mrn: "1" },
      { id: "P9", name: "Ada Lund", mrn: "2" },
      { id: "P100", name: "Ada Moss", mrn: "3" },
    ]);
    expect(resolvePatient("with Ada", index).reference).toEqual(ambiguous("P9", "P10", "P100"));
  });

  it("reports an unknown name after a cue word", () => {
    expect(reference("12 min with Cordelia Penhaligon re meds")).toEqual(
      unknown("Cordelia Penhaligon"),
    );
    expect(reference("12 min w/ X. Yarrow")).toEqual(unknown("X. Yarrow"));
  });

  it("reports a partial match inside another name as unknown", () => {
    expect(reference("12 min with Olivia Penhaligon")).toEqual(unknown("Olivia Penhaligon"));
  });

  it("reports an unknown MRN as unknown", () => {
    expect(reference("MRN 999999 12 min")).toEqual(unknown("MRN 999999"));
  });

  it("finds no patient without a name-like phrase", () => {
    expect(reference("12 min on the phone with the pharmacy")).toBeNull();
    expect(reference("12 min care coordination with PCP")).toBeNull();
  });

  it("ignores a trailing signature", () => {
    expect(reference("12 min chart review\n— Ingrid, RN")).toBeNull();
    expect(reference("12 min with Felix Rice\n-- Bartholomew")).toEqual(matched("T22"));
  });

  it("returns the span of the chosen name", () => {
    const text = "12 min with Pieter Van den Hoek today";
    const { span } = resolvePatient(text, testIndex);
    expect(span).not.toBeNull();
    expect(text.slice(span?.start, span?.end)).toBe("Pieter Van den Hoek");
  });

  it("keeps the period of an initial in the span", () => {
    const text = "with B. Quist";
    const { span } = resolvePatient(text, testIndex);
    expect(text.slice(span?.start, span?.end)).toBe("B. Quist");
  });

  it("lists every named patient in the masked spans", () => {
    const text = "Felix Rice and April Kowalczyk, 12 min";
    const spans = resolvePatient(text, testIndex).nameSpans.map((s) => text.slice(s.start, s.end));
    expect(spans).toContain("Felix Rice");
    expect(spans).toContain("April Kowalczyk");
  });
});

describe("resolvePatient common-word guard", () => {
  it("ignores a lower-case common word in mixed case", () => {
    expect(reference("Discussed rice and beans, 12 min")).toBeNull();
    expect(reference("Pt may need refill, 12 min")).toBeNull();
  });

  it("ignores a common word that starts a sentence", () => {
    expect(reference("May need a refill. 12 min")).toBeNull();
  });

  it("accepts a capitalised common word inside a sentence", () => {
    expect(reference("12 min call, May asked about refills")).toEqual(matched("T18"));
  });

  it("accepts a common word after with, w/ or for", () => {
    expect(reference("12 min with april about meds")).toEqual(matched("T19"));
    expect(reference("12 min w/ june")).toEqual(matched("T20"));
    expect(reference("12 min for Rice")).toEqual(matched("T22"));
  });

  it("accepts a common word in lower-case dictation", () => {
    expect(reference("twelve minutes june med rec")).toEqual(matched("T20"));
  });

  it("reads a month before a number as a date", () => {
    expect(reference("12 min call on June 3 with Bartholomew")).toEqual(matched("T23"));
    expect(reference("12 min call on June 3")).toBeNull();
  });
});

describe("buildRosterIndex", () => {
  // Speed at this size is measured by `npm run bench`, not asserted here.
  it("indexes 100000 patients", () => {
    const entries = Array.from({ length: 100_000 }, (_, position) => ({
      id: `B${position}`,
      name: `Given${position % 997} Family${position % 1009}`,
      mrn: String(700_000 + position),
    }));

    const index = buildRosterIndex(entries);

    expect(index.size).toBe(100_000);
    expect(resolvePatient("12 min MRN 700005", index).reference).toEqual(matched("B5"));
    expect(resolvePatient("12 min MRN 799999", index).reference).toEqual(matched("B99999"));
  });
});

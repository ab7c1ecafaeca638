import { describe, expect, it } from "vitest";
import { maxRosterRows, parseRosterCsv } from "../../src/services/roster-csv.ts";
import { readRosterName, splitConditions } from "../../src/services/roster-row.ts";

const header = "name,MRN,date of birth,conditions,consent type,consent date";

describe("parseRosterCsv", () => {
  it("reads rows by header name", () => {
    const result = parseRosterCsv(
      `${header}\nJane Doe,100234,1950-04-02,diabetes;hypertension,verbal,2026-03-01\n`,
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toEqual([
      {
        line: 2,
        values: {
          name: "Jane Doe",
          mrn: "100234",
          dateOfBirth: "1950-04-02",
          conditions: "diabetes;hypertension",
          consentType: "verbal",
          consentDate: "2026-03-01",
        },
      },
    ]);
  });

  it("accepts Windows line endings and a byte order mark", () => {
    const bytes = Buffer.from(
      `\uFEFF${header}\r\nJane Doe,100234,1950-04-02,diabetes;COPD,verbal,2026-03-01\r\n`,
      "utf8",
    );

    const result = parseRosterCsv(bytes);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows[0]?.values.name).toBe("Jane Doe");
    expect(result.rows[0]?.values.consentDate).toBe("2026-03-01");
  });

  it("keeps quoted commas inside a value", () => {
    const result = parseRosterCsv(
      `${header}\n"Doe, Jane",100234,1950-04-02,"diabetes, COPD",verbal,2026-03-01\n`,
    );

    expect(result.ok && result.rows[0]?.values).toMatchObject({
      name: "Doe, Jane",
      conditions: "diabetes, COPD",
    });
  });

  it("counts values of a row with an unquoted comma", () => {
    const result = parseRosterCsv(
      `${header}\nDoe, Jane,100234,1950-04-02,diabetes;COPD,verbal,2026-03-01\n`,
    );

    expect(result.ok && result.rows[0]?.valueCount).toBe(7);
  });

  it("names each missing column", () => {
    const result = parseRosterCsv(
      "name,MRN,conditions,consent type\nJane Doe,100234,diabetes,verbal\n",
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("missing_columns");
    expect(result.error.message).toContain("“date of birth”");
    expect(result.error.message).toContain("“consent date”");
  });

  it("rejects an empty file", () => {
    for (const content of ["", "\n\r\n  ", "\uFEFF"]) {
      const result = parseRosterCsv(content);
      expect(result.ok || result.error.code).toBe("empty");
    }
  });

  it("rejects a header without rows", () => {
    const result = parseRosterCsv(`${header}\n\n`);

    expect(result.ok || result.error.code).toBe("no_rows");
  });

  it("rejects a 10 MB file before reading it", () => {
    const big = Buffer.alloc(10 * 1024 * 1024, "a");

    const result = parseRosterCsv(big);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("too_large");
    expect(result.error.message).toContain("10.0 MB");
  });

  it("rejects text that is not UTF-8", () => {
    const latin1 = Buffer.from(
      `${header}\nZoë Müller,100234,1950-04-02,a;b,verbal,2026-03-01\n`,
      "latin1",
    );

    const result = parseRosterCsv(latin1);

    expect(result.ok || result.error.code).toBe("not_utf8");
  });

  it("rejects an unclosed quote with its line", () => {
    const result = parseRosterCsv(`${header}\n"Jane Doe,100234,1950-04-02,a;b,verbal,2026-03-01\n`);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("invalid_csv");
    expect(result.error.message).toContain("never closed");
  });

  it("rejects too many rows", () => {
    const row = "Jane Doe,100234,1950-04-02,a;b,verbal,2026-03-01";
    const result = parseRosterCsv(
      `${header}\n${Array(maxRosterRows + 1)
        .fill(row)
        .join("\n")}`,
    );

    expect(result.ok || result.error.code).toBe("too_many_rows");
  });
});

describe("readRosterName", () => {
  it("turns Last, First around", () => {
    expect(readRosterName("Doe, Jane")).toBe("Jane Doe");
    expect(readRosterName("Núñez, Ana María")).toBe("Ana María Núñez");
  });

  it("keeps suffixes and plain names", () => {
    expect(readRosterName("John Doe, Jr.")).toBe("John Doe, Jr.");
    expect(readRosterName("Jane Doe")).toBe("Jane Doe");
  });
});

describe("splitConditions", () => {
  it("splits on semicolons, bars and commas", () => {
    expect(splitConditions("diabetes; COPD|CHF, CKD")).toEqual(["diabetes", "COPD", "CHF", "CKD"]);
  });
});

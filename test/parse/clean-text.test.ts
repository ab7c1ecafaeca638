import { describe, expect, it } from "vitest";
import { cleanMessageText } from "../../src/parse/clean-text.ts";

describe("cleanMessageText", () => {
  it.each([
    [":wave: hello :white_check_mark:", "hello"],
    ["ping <@U02ABC> and <!here>", "ping and"],
    ["see <https://example.test/x|the chart>", "see the chart"],
    ["see <https://example.test/x>", "see"],
    ["in <#C123|care-team>", "in #care-team"],
    ["a &amp; b &lt;3", "a & b <3"],
    ["*bold* and _italic_", "bold and italic"],
    ["• one\n• two\n- three\n1. four", "one\ntwo\nthree\nfour"],
    ["um so uh 10 min erm", "so 10 min"],
    ["20–30 min", "20-30 min"],
    ["O’Doherty", "O'Doherty"],
    ["line one\r\nline two", "line one\nline two"],
    ["tab\there", "tab here"],
    ["zero\u200bwidth", "zerowidth"],
    ["bell\u0007 ring", "bell ring"],
  ])("cleans %j", (text, cleaned) => {
    expect(cleanMessageText(text)).toBe(cleaned);
  });

  it("joins NFD accents into NFC", () => {
    expect(cleanMessageText("Rene\u0301e")).toBe("Ren\u00e9e");
  });

  it("keeps the 12:30 clock time and 10:15 ratio", () => {
    expect(cleanMessageText("at 12:30 and 10:15")).toBe("at 12:30 and 10:15");
  });
});

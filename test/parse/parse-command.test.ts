import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParseCommandError, runParseCommand } from "../../src/commands/parse.ts";
import { testRoster } from "../patients/test-roster.ts";

let folder = "";
let rosterPath = "";

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "ccm-parse-"));
  rosterPath = join(folder, "roster.json");
  await writeFile(rosterPath, JSON.stringify(testRoster));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(input: string, jsonl: boolean, roster = rosterPath): Promise<unknown[]> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  await runParseCommand(
    { roster, now: "2026-03-10T15:00:00", tz: "America/New_York", jsonl },
    Readable.from([input]),
    output,
  );
  return chunks
    .join("")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

describe("runParseCommand", () => {
  it("writes one line per message in order", async () => {
    const lines = await run("22 min with Felix Rice yesterday\nthanks\nundo\n", false);
    expect(lines).toEqual([
      {
        intent: "log",
        minutes: 22,
        date: "2026-03-09",
        patient: { status: "matched", id: "T22" },
      },
      { intent: "none" },
      { intent: "undo" },
    ]);
  });

  it("reads the text field of JSON lines", async () => {
    const input = [
      JSON.stringify({ id: "a", text: "Felix Rice\n• 5 min call\n• 6 min fax" }),
      JSON.stringify({ text: "hello", extra: true }),
    ].join("\n");
    const lines = await run(input, true);
    expect(lines[0]).toMatchObject({ intent: "log", minutes: 11 });
    expect(lines[1]).toEqual({ intent: "none" });
  });

  it("answers a malformed JSON line in its place", async () => {
    const input = ["not json", JSON.stringify({ text: 5 }), JSON.stringify({ text: "undo" })];
    const lines = await run(input.join("\n"), true);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ intent: "none", error: { code: "invalid_input" } });
    expect(lines[1]).toMatchObject({ intent: "none", error: { code: "invalid_input" } });
    expect(lines[2]).toEqual({ intent: "undo" });
  });

  it("writes contract fields only", async () => {
    const [line] = await run("called Felix Rice about refills", false);
    expect(Object.keys(line as object)).toEqual(["intent", "date", "patient", "note", "error"]);
  });

  it("rejects a roster entry without a name", async () => {
    const badPath = join(folder, "bad.json");
    await writeFile(badPath, JSON.stringify([{ id: "X1", mrn: "1" }]));
    await expect(run("hi", false, badPath)).rejects.toThrow(ParseCommandError);
    await expect(run("hi", false, badPath)).rejects.toThrow(/bad\.json at 0\.name/);
  });

  it("rejects a roster file that is not JSON", async () => {
    const badPath = join(folder, "broken.json");
    await writeFile(badPath, "[{");
    await expect(run("hi", false, badPath)).rejects.toThrow(/broken\.json: not valid JSON/);
  });

  it("rejects a missing roster file", async () => {
    await expect(run("hi", false, join(folder, "absent.json"))).rejects.toThrow(
      /Cannot read roster file/,
    );
  });

  it("rejects an unknown time zone", async () => {
    const output = new PassThrough();
    const options = { roster: rosterPath, tz: "Mars/Base", jsonl: false };
    await expect(runParseCommand(options, Readable.from(["hi"]), output)).rejects.toThrow(
      /Invalid --tz "Mars\/Base"/,
    );
  });

  it("rejects a malformed --now", async () => {
    const output = new PassThrough();
    const options = { roster: rosterPath, now: "yesterday", tz: "UTC", jsonl: false };
    await expect(runParseCommand(options, Readable.from(["hi"]), output)).rejects.toThrow(
      /Invalid --now "yesterday"/,
    );
  });
});

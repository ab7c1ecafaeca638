import { describe, expect, it } from "vitest";
import { PlatformError } from "../../src/errors.ts";
import { OutboxWorker } from "../../src/jobs/outbox-worker.ts";
import { enqueuePost } from "../../src/services/outbox-queue.ts";
import { captureLogger, TestClock } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";

function parsedLines(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("logger redaction", () => {
  it("keeps the error type in err.name", () => {
    const { logger, lines } = captureLogger();

    logger.error({ err: new PlatformError("channel_not_found") }, "post failed");

    const [line] = parsedLines(lines);
    expect(line?.err).toMatchObject({ name: "PlatformError", message: "channel_not_found" });
  });

  it("keeps the type of a failed query", () => {
    const { logger, lines } = captureLogger();
    const failed = Object.assign(new Error("Failed query: select 1\nparams: Jane Doe"), {
      query: "select $1",
      params: ["Jane Doe"],
    });
    failed.name = "DrizzleQueryError";

    logger.error({ err: failed }, "query failed");

    const [line] = parsedLines(lines);
    expect(line?.err).toMatchObject({ name: "DrizzleQueryError" });
    expect(lines[0]).not.toContain("Jane Doe");
  });

  it("keeps error.name", () => {
    const { logger, lines } = captureLogger();

    logger.warn({ error: { name: "TypeError", message: "bad" } }, "caught");

    const [line] = parsedLines(lines);
    expect(line?.error).toEqual({ name: "TypeError", message: "bad" });
  });

  it("blanks patient and person names", () => {
    const { logger, lines } = captureLogger();

    logger.info(
      {
        name: "Jane Doe",
        patientName: "Jane Doe",
        patient: { id: 1, name: "Jane Doe" },
        patients: [{ id: 1, name: "Jane Doe" }],
        candidate: { name: "Jane Doe" },
        candidates: [{ name: "Jane Doe" }, { name: "John Doe" }],
        row: { name: "Jane Doe" },
        rows: [{ name: "Jane Doe" }],
        user: { name: "Jane Doe" },
        provider: { name: "Jane Doe" },
        match: { patientName: "Jane Doe" },
      },
      "names",
    );

    expect(lines[0]).not.toContain("Jane Doe");
    expect(lines[0]).not.toContain("John Doe");
    const [line] = parsedLines(lines);
    expect(line?.patient).toEqual({ id: 1, name: "[Redacted]" });
    expect(line?.candidates).toEqual([{ name: "[Redacted]" }, { name: "[Redacted]" }]);
  });

  it("leaves counts under person keys alone", () => {
    const { logger, lines } = captureLogger();

    logger.info({ rows: 3, patients: 2 }, "roster imported");

    const [line] = parsedLines(lines);
    expect(line?.rows).toBe(3);
    expect(line?.patients).toBe(2);
  });
});

describeDatabases("logger redaction in the outbox worker", (database) => {
  it("logs the error type of a failed post", async () => {
    const { logger, lines } = captureLogger("warn");
    const clock = new TestClock(new Date(Date.now() + 5_000));
    const fail = async (): Promise<Record<string, unknown>> => {
      throw new PlatformError("channel_not_found");
    };
    const worker = new OutboxWorker(database().db, () => fail, logger, { now: clock.now });
    await enqueuePost(database().db, {
      kind: "claim_earned",
      channel: "CBILLING",
      payload: { code: "99490", units: 1, month: "2026-03", totalMinutes: 20 },
    });

    await worker.deliverAll();

    const failures = parsedLines(lines).filter((line) =>
      String(line.msg).startsWith("post failed"),
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]?.err).toMatchObject({ name: "PlatformError" });
  });
});

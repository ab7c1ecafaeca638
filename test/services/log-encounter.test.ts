import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import { claims, encounters, outbox } from "../../db/schema/index.ts";
import { type LogEncounterInput, logEncounter } from "../../src/services/log-encounter.ts";
import type { Provider } from "../../src/services/providers.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

let messageNumber = 0;

function logInput(
  provider: Provider,
  patientId: number,
  minutes: number,
  serviceDate = "2026-03-10",
): LogEncounterInput {
  messageNumber += 1;
  return {
    patientId,
    provider,
    minutes,
    serviceDate,
    note: "med rec",
    source: {
      platform: "slack",
      channel: "CCARE",
      messageId: `1773000000.${String(messageNumber).padStart(6, "0")}`,
    },
  };
}

describeDatabases("logEncounter", (database, driver) => {
  async function setup() {
    const context = createTestContext(database().db);
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const patientId = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    return { context, nurse, patientId };
  }

  async function claimRows() {
    return database().db.select().from(claims);
  }

  it("creates no claim at 19 minutes", async () => {
    const { context, nurse, patientId } = await setup();

    const result = await logEncounter(context, logInput(nurse, patientId, 19));

    expect(result.status).toBe("recorded");
    expect(await claimRows()).toHaveLength(0);
    if (result.status !== "recorded") return;
    expect(result.summary.totalMinutes).toBe(19);
    expect(result.summary.evaluation.next).toMatchObject({ code: "99490", minutesMissing: 1 });
  });

  it("creates one 99490 claim on reaching 20 minutes", async () => {
    const { context, nurse, patientId } = await setup();

    await logEncounter(context, logInput(nurse, patientId, 15));
    const result = await logEncounter(context, logInput(nurse, patientId, 5));

    const rows = await claimRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      code: "99490",
      month: "2026-03",
      units: 1,
      status: "pending",
      totalMinutes: 20,
    });
    if (result.status !== "recorded") throw new Error(`expected recorded, got ${result.status}`);
    expect(result.claimChanges).toEqual([
      { claimId: rows[0]?.id, code: "99490", units: 1, change: "earned", status: "pending" },
    ]);
    const posts = await database().db.select().from(outbox);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.payload).toEqual({
      claimId: rows[0]?.id,
      code: "99490",
      units: 1,
      month: "2026-03",
      totalMinutes: 20,
      initials: "J.D.",
      mrn: "100234",
      status: "pending",
      lane: "staff",
      expectedCents: 6613,
      feeEstimate: true,
    });
  });

  it("marks an amount from an earlier year as an estimate", async () => {
    const { context, patientId } = await setup();
    const doctor = await addProvider(database().db, { userId: "UDOC", role: "physician" });

    await logEncounter(context, logInput(doctor, patientId, 30));

    // The built-in schedule has 99491 only for 2022, so a 2026 claim reuses that amount.
    const [post] = await database().db.select().from(outbox);
    expect(post?.payload).toMatchObject({ code: "99491", expectedCents: 8318, feeEstimate: true });
  });

  it("does not create the claim again at 21 minutes", async () => {
    const { context, nurse, patientId } = await setup();

    await logEncounter(context, logInput(nurse, patientId, 20));
    const result = await logEncounter(context, logInput(nurse, patientId, 1));

    expect(await claimRows()).toHaveLength(1);
    if (result.status !== "recorded") throw new Error(`expected recorded, got ${result.status}`);
    expect(result.claimChanges).toEqual([]);
    expect(await database().db.select().from(outbox)).toHaveLength(1);
  });

  it("counts a repeated message once", async () => {
    const { context, nurse, patientId } = await setup();
    const input = logInput(nurse, patientId, 25);

    const first = await logEncounter(context, input);
    const second = await logEncounter(context, input);

    expect(first.status).toBe("recorded");
    expect(second.status).toBe("duplicate");
    expect(await database().db.select().from(encounters)).toHaveLength(1);
    if (second.status !== "duplicate") throw new Error(`expected duplicate, got ${second.status}`);
    expect(second.summary.totalMinutes).toBe(25);
  });

  it("returns sums as numbers and dates without shift", async () => {
    const { context, nurse, patientId } = await setup();

    const result = await logEncounter(context, logInput(nurse, patientId, 12, "2026-03-01"));

    if (result.status !== "recorded") throw new Error(`expected recorded, got ${result.status}`);
    expect(typeof result.summary.totalMinutes).toBe("number");
    const [row] = await database()
      .db.select()
      .from(encounters)
      .where(eq(encounters.patientId, patientId));
    expect(row?.serviceDate).toBe("2026-03-01");
  });

  it("keeps months apart at the boundary", async () => {
    const { context, nurse, patientId } = await setup();

    await logEncounter(context, logInput(nurse, patientId, 15, "2026-02-28"));
    const result = await logEncounter(context, logInput(nurse, patientId, 15, "2026-03-01"));

    if (result.status !== "recorded") throw new Error(`expected recorded, got ${result.status}`);
    expect(result.summary.totalMinutes).toBe(15);
    expect(await claimRows()).toHaveLength(0);
  });

  it("refuses a service date before consent", async () => {
    const { context, nurse, patientId } = await setup();

    const result = await logEncounter(context, logInput(nurse, patientId, 20, "2025-11-30"));

    expect(result).toMatchObject({ status: "refused", code: "enrolled_after_service" });
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("creates one claim when logs race", async () => {
    const { context, nurse, patientId } = await setup();
    // On PostgreSQL the logs run on separate pooled connections, truly in parallel.
    const inputs = Array.from({ length: 12 }, () => logInput(nurse, patientId, 5));

    const results = await Promise.all(inputs.map((input) => logEncounter(context, input)));

    expect(results.every((result) => result.status === "recorded")).toBe(true);
    const rows = await claimRows();
    expect(rows.map((row) => [row.code, row.units])).toEqual(
      expect.arrayContaining([
        ["99490", 1],
        ["99439", 2],
      ]),
    );
    expect(rows).toHaveLength(2);
    const earnedPosts = (await database().db.select().from(outbox)).filter(
      (post) => post.kind === "claim_earned",
    );
    expect(
      earnedPosts.filter((post) => (post.payload as { code: string }).code === "99490"),
    ).toHaveLength(1);
  });

  // Two processes means two connection pools, which PGlite (one connection) cannot have.
  if (driver === "postgres")
    it("creates one claim when two processes race", async () => {
      const { nurse, patientId } = await setup();
      const url = database().url;
      if (!url) throw new Error("no url");
      const other = await openDatabase({ url });
      try {
        const contextA = createTestContext(database().db);
        const contextB = createTestContext(other.db);

        const results = await Promise.all([
          logEncounter(contextA, logInput(nurse, patientId, 10)),
          logEncounter(contextB, logInput(nurse, patientId, 10)),
          logEncounter(contextA, logInput(nurse, patientId, 10)),
          logEncounter(contextB, logInput(nurse, patientId, 10)),
        ]);

        expect(results.map((result) => result.status)).toEqual([
          "recorded",
          "recorded",
          "recorded",
          "recorded",
        ]);
        const rows = await claimRows();
        expect(rows.map((row) => row.code).sort()).toEqual(["99439", "99490"]);
        expect(rows.find((row) => row.code === "99439")?.units).toBe(1);
      } finally {
        await other.close();
      }
    });
});

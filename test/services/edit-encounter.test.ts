import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import {
  auditEvents,
  claims,
  closedMonths,
  encounters,
  outbox,
  pendingLogs,
} from "../../db/schema/index.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { applyMessageDeletion } from "../../src/services/delete-encounter.ts";
import { applyMessageEdit } from "../../src/services/edit-encounter.ts";
import { enrollPatient } from "../../src/services/enroll-patient.ts";
import { handleMessage } from "../../src/services/handle-message.ts";
import type { MessageSource } from "../../src/services/log-encounter.ts";
import { resolvePendingLog } from "../../src/services/pending-logs.ts";
import type { Provider } from "../../src/services/providers.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { instantFromLocalTime } from "../../src/time/calendar.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

const sentAt = instantFromLocalTime("2026-03-10T15:00", "America/New_York");
let messageNumber = 0;

function newSource(): MessageSource {
  messageNumber += 1;
  return {
    platform: "slack",
    channel: "CCARE",
    messageId: `1773169200.${String(messageNumber).padStart(6, "0")}`,
  };
}

describeDatabases("applyMessageEdit", (database, driver) => {
  async function setup(context = createTestContext(database().db)) {
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const mary = await enrollTestPatient(context, nurse, { name: "Mary Major", mrn: "100777" });
    return { context, nurse, jane, mary };
  }

  async function send(context: ServiceContext, source: MessageSource, text: string) {
    return handleMessage(context, {
      user: { platform: "slack", userId: "UNURSE" },
      source,
      text,
      instant: sentAt,
    });
  }

  async function edit(
    context: ServiceContext,
    source: MessageSource,
    text: string,
    revision?: string,
  ) {
    return applyMessageEdit(context, {
      user: { platform: "slack", userId: "UNURSE" },
      source,
      text,
      instant: sentAt,
      revision,
    });
  }

  async function encounterRows() {
    return database().db.select().from(encounters).orderBy(encounters.id);
  }

  async function claimRows() {
    return database().db.select().from(claims).orderBy(claims.id);
  }

  it("updates the minutes of the same encounter", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "15 min with Jane Doe on meds");

    const outcome = await edit(
      context,
      source,
      "25 min with Jane Doe on meds",
      "1773169300.000001",
    );

    expect(outcome.kind).toBe("edited");
    const rows = await encounterRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      minutes: 25,
      voidedAt: null,
      sourceRevision: "1773169300.000001",
    });
    const [claim] = await claimRows();
    expect(claim).toMatchObject({ code: "99490", status: "pending", totalMinutes: 25 });
    const posts = await database().db.select().from(outbox);
    expect(posts.map((post) => post.kind)).toEqual(["claim_earned"]);
    const [audit] = await database()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "encounter.edit"));
    expect(audit?.entityId).toBe(String(rows[0]?.id));
    expect(audit?.details).toMatchObject({ before: { minutes: 15 }, after: { minutes: 25 } });
  });

  it("voids the claim when an edit lowers the total", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "25 min with Jane Doe");

    await edit(context, source, "15 min with Jane Doe");

    const [claim] = await claimRows();
    expect(claim?.status).toBe("void");
    const kinds = (await database().db.select().from(outbox).orderBy(outbox.id)).map(
      (post) => post.kind,
    );
    expect(kinds).toEqual(["claim_earned", "claim_voided"]);
  });

  it("names the editor in the claim history", async () => {
    const { context, nurse } = await setup();
    const raised = newSource();
    const removed = newSource();
    await send(context, raised, "15 min with Jane Doe");
    await send(context, removed, "10 min with Jane Doe");

    await edit(context, raised, "35 min with Jane Doe");
    await edit(context, removed, "lunch with the team");

    const claimAudit = await database()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.entity, "claim"))
      .orderBy(auditEvents.id);
    const [raisedRow, removedRow] = await encounterRows();
    expect(claimAudit.map((row) => [row.action, (row.details as { code: string }).code])).toEqual([
      ["claim.create", "99490"],
      ["claim.create", "99439"],
      ["claim.void", "99439"],
    ]);
    expect(claimAudit.map((row) => row.actorProviderId)).toEqual([nurse.id, nurse.id, nurse.id]);
    expect(claimAudit[1]?.details).toMatchObject({
      cause: "encounter.edit",
      encounterId: raisedRow?.id,
    });
    expect(claimAudit[2]?.details).toMatchObject({
      cause: "encounter.edit",
      encounterId: removedRow?.id,
    });
  });

  it("refuses an edit once the claim is submitted", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "25 min with Jane Doe");
    await database().db.update(claims).set({ status: "submitted" });

    const outcome = await edit(context, source, "15 min with Jane Doe");

    expect(outcome.kind).toBe("edit_locked");
    const [row] = await encounterRows();
    expect(row?.minutes).toBe(25);
    const [claim] = await claimRows();
    expect(claim?.status).toBe("submitted");
    const kinds = (await database().db.select().from(outbox).orderBy(outbox.id)).map(
      (post) => post.kind,
    );
    expect(kinds).toEqual(["claim_earned", "billing_note"]);
  });

  it("refuses an edit in a closed month", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "25 min with Jane Doe");
    await database().db.insert(closedMonths).values({ month: "2026-03" });

    const outcome = await edit(context, source, "35 min with Jane Doe");

    expect(outcome.kind).toBe("edit_locked");
    const [row] = await encounterRows();
    expect(row?.minutes).toBe(25);
  });

  it("moves the minutes to another patient", async () => {
    const { context, jane, mary } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");

    const outcome = await edit(context, source, "20 min with Mary Major");

    expect(outcome.kind === "edited" && outcome.previous?.patient.id).toBe(jane);
    const [row] = await encounterRows();
    expect(row?.patientId).toBe(mary);
    const rows = await claimRows();
    expect(rows.map((claim) => [claim.patientId, claim.status])).toEqual([
      [jane, "void"],
      [mary, "pending"],
    ]);
  });

  it("moves the minutes to another month", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");

    await edit(context, source, "20 min with Jane Doe on 2/27");

    const [row] = await encounterRows();
    expect(row?.serviceDate).toBe("2026-02-27");
    const rows = await claimRows();
    expect(rows.map((claim) => [claim.month, claim.status])).toEqual([
      ["2026-03", "void"],
      ["2026-02", "pending"],
    ]);
  });

  it("voids the encounter when the text is no longer a log", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");

    const outcome = await edit(context, source, "never mind, wrong thread");

    expect(outcome.kind).toBe("voided");
    const [row] = await encounterRows();
    expect(row?.voidReason).toBe("edited");
    expect((await claimRows())[0]?.status).toBe("void");
  });

  it("voids and explains when the duration is removed", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");

    const outcome = await edit(context, source, "call with Jane Doe");

    expect(outcome.kind).toBe("voided");
    expect(outcome.kind === "voided" && outcome.followUp?.kind).toBe("invalid_log");
  });

  it("records a message that becomes a log", async () => {
    const { context } = await setup();
    const source = newSource();
    expect((await send(context, source, "call with Jane Doe")).kind).toBe("invalid_log");

    const outcome = await edit(context, source, "20 min call with Jane Doe");

    expect(outcome).toMatchObject({ kind: "edited", change: "created" });
    expect(await encounterRows()).toHaveLength(1);
    expect((await claimRows())[0]?.status).toBe("pending");
  });

  it("revives an encounter voided by an earlier edit", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");
    await edit(context, source, "oops, wrong chat");

    await edit(context, source, "20 min with Jane Doe");

    const rows = await encounterRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.voidedAt).toBeNull();
    expect((await claimRows())[0]?.status).toBe("pending");
  });

  it("changes nothing when the values are the same", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");
    const auditCount = (await database().db.select().from(auditEvents)).length;

    const outcome = await edit(context, source, "20 min with  Jane Doe");

    expect(outcome.kind).toBe("ignored");
    expect(await database().db.select().from(auditEvents)).toHaveLength(auditCount);
    expect(await database().db.select().from(outbox)).toHaveLength(1);
  });

  it("skips an edit older than the one applied", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");
    await edit(context, source, "30 min with Jane Doe", "1773169400.000001");

    const outcome = await edit(context, source, "25 min with Jane Doe", "1773169300.000001");

    expect(outcome.kind).toBe("ignored");
    expect((await encounterRows())[0]?.minutes).toBe(30);
  });

  it("leaves an undone encounter void", async () => {
    const { context, nurse } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");
    const [row] = await encounterRows();
    await undoEncounter(context, row?.id ?? 0, nurse);

    const outcome = await edit(context, source, "30 min with Jane Doe");

    expect(outcome.kind).toBe("ignored");
    expect((await encounterRows())[0]).toMatchObject({ minutes: 20, voidReason: "undo" });
  });

  it("keeps the words of an unknown patient waiting", async () => {
    const { context } = await setup();
    const source = newSource();
    await send(context, source, "20 min with Jane Doe");

    const outcome = await edit(context, source, "20 min with Delbert Quince on meds");

    expect(outcome.kind === "voided" && outcome.followUp?.kind).toBe("unknown_patient");
    const [pending] = await database().db.select().from(pendingLogs);
    expect(pending).toMatchObject({ status: "open", unknownName: "Delbert Quince", minutes: 20 });
  });

  async function enrollLate(context: ServiceContext, nurse: Provider, consentDate: string) {
    return enrollTestPatient(context, nurse, { name: "Rita Late", mrn: "100555", consentDate });
  }

  it("replaces the log that waits for enrollment", async () => {
    const { context, nurse } = await setup();
    const rita = await enrollLate(context, nurse, "2026-03-10");
    const source = newSource();
    const first = await send(context, source, "Rita Late 25 min care plan on March 8");
    expect(first).toMatchObject({ kind: "log", pendingLogId: expect.any(Number) });

    const outcome = await edit(context, source, "Rita Late 5 min care plan on March 7");

    expect(outcome.kind).toBe("log");
    const pendingLogId = outcome.kind === "log" ? outcome.pendingLogId : undefined;
    expect(pendingLogId).toBe(first.kind === "log" ? first.pendingLogId : -1);
    const [pending] = await database().db.select().from(pendingLogs);
    expect(pending).toMatchObject({
      status: "open",
      minutes: 5,
      serviceDate: "2026-03-07",
      text: "Rita Late 5 min care plan on March 7",
      candidateIds: [rita],
    });

    const update = await enrollPatient(context, nurse, {
      name: "Rita Late",
      mrn: "100555",
      dateOfBirth: "1950-04-02",
      conditions: ["diabetes", "hypertension"],
      program: "ccm",
      consentType: "verbal",
      consentDate: "2026-03-01",
      consentObtainedBy: "Nurse Test",
    });
    expect(update.status).toBe("updated");
    const result = await resolvePendingLog(context, pendingLogId ?? 0, rita, nurse, {
      afterEnrollment: true,
    });
    expect(result).toMatchObject({ status: "recorded", minutes: 5, serviceDate: "2026-03-07" });
    expect(await claimRows()).toHaveLength(0);
  });

  it("cancels the waiting log once enrollment covers the edit", async () => {
    const { context, nurse } = await setup();
    await enrollLate(context, nurse, "2026-03-10");
    const source = newSource();
    await send(context, source, "Rita Late 25 min care plan on March 8");

    const outcome = await edit(context, source, "Rita Late 25 min care plan today");

    expect(outcome).toMatchObject({ kind: "edited", change: "created" });
    const [pending] = await database().db.select().from(pendingLogs);
    expect(pending?.status).toBe("cancelled");
    expect(await encounterRows()).toHaveLength(1);
  });

  it("cancels the waiting log when the edit is not a log", async () => {
    const { context, nurse } = await setup();
    await enrollLate(context, nurse, "2026-03-10");
    const source = newSource();
    await send(context, source, "Rita Late 25 min care plan on March 8");

    const outcome = await edit(context, source, "never mind, wrong thread");

    expect(outcome.kind).toBe("ignored");
    const [pending] = await database().db.select().from(pendingLogs);
    expect(pending?.status).toBe("cancelled");
  });

  it("keeps the waiting log of an edit that voids its encounter", async () => {
    const { context, nurse } = await setup();
    const rita = await enrollLate(context, nurse, "2026-03-10");
    const source = newSource();
    await send(context, source, "Rita Late 25 min care plan today");

    const outcome = await edit(context, source, "Rita Late 25 min care plan on March 8");

    expect(outcome.kind).toBe("voided");
    const followUp = outcome.kind === "voided" ? outcome.followUp : undefined;
    expect(followUp).toMatchObject({ kind: "log", pendingLogId: expect.any(Number) });
    const [pending] = await database().db.select().from(pendingLogs);
    expect(pending).toMatchObject({
      status: "open",
      serviceDate: "2026-03-08",
      candidateIds: [rita],
    });
  });

  it("records the edit that arrives before its message", async () => {
    const { context } = await setup();
    const source = newSource();

    await edit(context, source, "30 min with Jane Doe", "1773169300.000001");
    const original = await send(context, source, "20 min with Jane Doe");

    expect(original.kind).toBe("duplicate");
    const rows = await encounterRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(30);
  });

  it("ignores edits by users who are not providers", async () => {
    const { context } = await setup();
    const source = newSource();

    const outcome = await applyMessageEdit(context, {
      user: { platform: "slack", userId: "USTRANGER" },
      source,
      text: "20 min with Jane Doe",
      instant: sentAt,
    });

    expect(outcome.kind).toBe("ignored");
    expect(await encounterRows()).toHaveLength(0);
  });

  it("keeps totals right when edits swap patients", async () => {
    const { context, jane, mary } = await setup();
    const janeSource = newSource();
    const marySource = newSource();
    await send(context, janeSource, "20 min with Jane Doe");
    await send(context, marySource, "20 min with Mary Major");

    // Each round moves both encounters to the other patient at once. With locks taken in
    // patient order on both sides this never deadlocks; on PostgreSQL the edits run in parallel.
    for (let round = 0; round < 6; round += 1) {
      const [first, second] =
        round % 2 === 0 ? ["Mary Major", "Jane Doe"] : ["Jane Doe", "Mary Major"];
      const outcomes = await Promise.all([
        edit(context, janeSource, `${20 + round} min with ${first}`),
        edit(context, marySource, `${20 + round} min with ${second}`),
      ]);
      expect(outcomes.map((outcome) => outcome.kind)).toEqual(["edited", "edited"]);
    }

    const rows = await encounterRows();
    expect(rows.map((row) => row.patientId).sort()).toEqual([jane, mary].sort());
    expect(rows.every((row) => row.minutes === 25)).toBe(true);
    const pendingClaims = (await claimRows()).filter((claim) => claim.status === "pending");
    expect(pendingClaims.map((claim) => claim.patientId).sort()).toEqual([jane, mary].sort());
    expect(pendingClaims.every((claim) => claim.totalMinutes === 25)).toBe(true);
  });

  if (driver === "postgres")
    it("applies edits from two processes without deadlock", async () => {
      const { jane, mary } = await setup();
      const url = database().url;
      if (!url) throw new Error("The PostgreSQL test database has no URL");
      const other = await openDatabase({ url });
      try {
        const contextA = createTestContext(database().db);
        const contextB = createTestContext(other.db);
        const sources = Array.from({ length: 10 }, () => newSource());
        await Promise.all(
          sources.map((source, index) => send(contextA, source, `${index + 1} min with Jane Doe`)),
        );

        await Promise.all(
          sources.map((source, index) =>
            edit(index % 2 === 0 ? contextA : contextB, source, `${index + 1} min with Mary Major`),
          ),
        );

        const rows = await encounterRows();
        expect(rows.every((row) => row.patientId === mary)).toBe(true);
        const byPatient = (await claimRows()).map((claim) => [
          claim.patientId,
          claim.code,
          claim.status,
        ]);
        expect(byPatient).toContainEqual([jane, "99490", "void"]);
        expect(byPatient).toContainEqual([mary, "99490", "pending"]);
        expect(byPatient).toContainEqual([mary, "99439", "pending"]);
      } finally {
        await other.close();
      }
    });
});

describeDatabases("applyMessageDeletion", (database) => {
  it("voids the encounter and its claim", async () => {
    const context = createTestContext(database().db);
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const source = newSource();
    await handleMessage(context, {
      user: { platform: "slack", userId: "UNURSE" },
      source,
      text: "20 min with Jane Doe",
      instant: sentAt,
    });

    const outcome = await applyMessageDeletion(context, source);
    const again = await applyMessageDeletion(context, source);

    expect(outcome.kind).toBe("voided");
    expect(again.kind).toBe("ignored");
    const [row] = await database().db.select().from(encounters);
    expect(row?.voidReason).toBe("deleted");
    const [claim] = await database().db.select().from(claims);
    expect(claim?.status).toBe("void");
    const voidPosts = (await database().db.select().from(outbox)).filter(
      (post) => post.kind === "claim_voided",
    );
    expect(voidPosts).toHaveLength(1);
    const audit = await database()
      .db.select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "encounter.void"));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ reason: "deleted", before: { minutes: 20 } });
  });

  it("keeps the encounter of a submitted claim", async () => {
    const context = createTestContext(database().db);
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const source = newSource();
    await handleMessage(context, {
      user: { platform: "slack", userId: "UNURSE" },
      source,
      text: "25 min with Jane Doe",
      instant: sentAt,
    });
    await database().db.update(claims).set({ status: "submitted" });

    const outcome = await applyMessageDeletion(context, source);

    expect(outcome.kind).toBe("edit_locked");
    const [row] = await database().db.select().from(encounters);
    expect(row?.voidedAt).toBeNull();
  });

  it("ignores a message that recorded nothing", async () => {
    const context = createTestContext(database().db);

    const outcome = await applyMessageDeletion(context, newSource());

    expect(outcome.kind).toBe("ignored");
  });
});

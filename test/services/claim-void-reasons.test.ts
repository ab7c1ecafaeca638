import { expect, it } from "vitest";
import { billingPayloadSchema, billingPostReply } from "../../src/chat/replies/billing-replies.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { applyMessageDeletion } from "../../src/services/delete-encounter.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { logInput, queuedPosts } from "../support/billing.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

function replyText(reply: Reply): string {
  return reply.blocks
    .flatMap((block) => (block.type === "text" ? block.lines : []))
    .map((line) => line.map((part) => (typeof part === "string" ? part : Object.values(part)[0])))
    .map((parts) => parts.join(""))
    .join("\n");
}

describeDatabases("claim void reasons", (database) => {
  async function setup() {
    const db = database().db;
    const context = createTestContext(db);
    const nurse = await addProvider(db, { userId: "UNURSE", role: "clinical_staff" });
    const doctor = await addProvider(db, { userId: "UDRA", role: "physician" });
    const patientId = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    return { context, nurse, doctor, patientId };
  }

  async function voidedPosts() {
    return (await queuedPosts(database().db, "claim_voided")).map((post) => ({
      payload: post.payload,
      text: replyText(billingPostReply(post.kind, billingPayloadSchema.parse(post.payload))),
    }));
  }

  it("names the shortfall after the last minutes are undone", async () => {
    const { context, nurse, patientId } = await setup();
    const logged = await logEncounter(context, logInput(nurse, patientId, 25));
    const encounterId = logged.status === "recorded" ? logged.encounterId : 0;

    const undo = await undoEncounter(context, encounterId, nurse);

    expect(undo).toMatchObject({
      status: "undone",
      claimChanges: [
        expect.objectContaining({ code: "99490", change: "voided", reason: "below_threshold" }),
      ],
    });
    const [post] = await voidedPosts();
    expect(post?.payload).toMatchObject({
      code: "99490",
      reason: "below_threshold",
      totalMinutes: 0,
      thresholdMinutes: 20,
    });
    expect(post?.text).toContain(
      "Voided because CCM, clinical staff time now totals 0 min, short of the 20 min that 99490 needs.",
    );
    expect(post?.text).not.toContain("another lane");
  });

  it("names the shortfall after a message deletion", async () => {
    const { context, nurse, patientId } = await setup();
    const input = logInput(nurse, patientId, 25);
    await logEncounter(context, input);

    const outcome = await applyMessageDeletion(context, input.source);

    expect(outcome.kind).toBe("voided");
    const [post] = await voidedPosts();
    expect(post?.payload).toMatchObject({ reason: "below_threshold", totalMinutes: 0 });
    expect(post?.text).not.toContain("another lane");
  });

  it("counts the practitioner's own minutes for 99491", async () => {
    const { context, doctor, patientId } = await setup();
    await logEncounter(context, logInput(doctor, patientId, 15));
    const last = await logEncounter(context, logInput(doctor, patientId, 15));

    await undoEncounter(context, last.status === "recorded" ? last.encounterId : 0, doctor);

    const [post] = await voidedPosts();
    expect(post?.payload).toMatchObject({
      code: "99491",
      reason: "below_threshold",
      totalMinutes: 15,
      thresholdMinutes: 30,
    });
    expect(post?.text).toContain(
      "CCM, billing practitioner's own time now totals 15 min, short of the 30 min that 99491 needs",
    );
  });

  it("names the add-on's cumulative threshold", async () => {
    const { context, nurse, patientId } = await setup();
    await logEncounter(context, logInput(nurse, patientId, 30));
    const last = await logEncounter(context, logInput(nurse, patientId, 10));

    await undoEncounter(context, last.status === "recorded" ? last.encounterId : 0, nurse);

    const [post] = await voidedPosts();
    expect(post?.payload).toMatchObject({
      code: "99439",
      reason: "below_threshold",
      totalMinutes: 30,
      thresholdMinutes: 40,
    });
  });

  it("keeps the lane reason when another lane bills", async () => {
    const { context, nurse, doctor, patientId } = await setup();
    await logEncounter(context, logInput(doctor, patientId, 30));

    await logEncounter(context, logInput(nurse, patientId, 10));

    const [post] = await voidedPosts();
    expect(post?.payload).toMatchObject({ code: "99491", reason: "lane_changed" });
    expect(post?.payload.thresholdMinutes).toBeUndefined();
    expect(post?.text).toContain("the month is now billed in another lane");
  });
});

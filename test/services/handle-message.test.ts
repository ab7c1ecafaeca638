import { expect, it } from "vitest";
import { encounters, pendingLogs } from "../../db/schema/index.ts";
import { handleMessage } from "../../src/services/handle-message.ts";
import type { MessageSource } from "../../src/services/log-encounter.ts";
import { instantFromLocalTime } from "../../src/time/calendar.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

const sentAt = instantFromLocalTime("2026-03-10T15:00", "America/New_York");
const source: MessageSource = {
  platform: "slack",
  channel: "CCARE",
  messageId: "1773169200.000001",
};

describeDatabases("handleMessage", (database) => {
  async function setupDoes(count: number) {
    const context = createTestContext(database().db);
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const firstNames = ["Jane", "John", "Jack", "Jill", "Joan", "Joel", "June", "Jude", "Joy"];
    for (const [index, first] of firstNames.slice(0, count).entries()) {
      await enrollTestPatient(context, nurse, { name: `${first} Doe`, mrn: `1002${10 + index}` });
    }
    return context;
  }

  function deliver(context: ReturnType<typeof createTestContext>, text: string) {
    return handleMessage(context, {
      user: { platform: "slack", userId: "UNURSE" },
      source,
      text,
      instant: sentAt,
    });
  }

  it("answers too many matches once", async () => {
    const context = await setupDoes(9);

    const first = await deliver(context, "J. Doe 20 min");
    const retry = await deliver(context, "J. Doe 20 min");

    expect(first).toEqual({ kind: "too_many_patients", count: 9 });
    expect(retry.kind).toBe("duplicate");
  });

  it("answers the retried voice refusal again", async () => {
    const context = await setupDoes(9);
    const voice = {
      user: { platform: "slack" as const, userId: "UNURSE" },
      source: { platform: "voice" as const, channel: "voice:1", messageId: "request-1" },
      text: "J. Doe 20 min",
      instant: sentAt,
      repeatRefusals: true,
    };

    const first = await handleMessage(context, voice);
    const repeat = await handleMessage(context, voice);

    expect(first.kind).toBe("too_many_patients");
    expect(repeat.kind).toBe("too_many_patients");
  });

  it("saves a waiting log without control characters", async () => {
    const context = await setupDoes(2);

    const outcome = await deliver(context, "J. Doe 20 min\u0000 care plan");

    expect(outcome.kind).toBe("choose_patient");
    const [pending] = await database().db.select().from(pendingLogs);
    expect(pending?.text).toBe("J. Doe 20 min care plan");
  });

  it("records a note without control characters", async () => {
    const context = await setupDoes(1);

    const outcome = await deliver(context, "Jane Doe 20 min care\u0000 plan\u0007 review");

    expect(outcome).toMatchObject({ kind: "log", result: { status: "recorded" } });
    const [row] = await database().db.select().from(encounters);
    expect(row?.note).not.toMatch(/\p{Cc}/u);
    expect(row?.note).toContain("plan");
  });
});

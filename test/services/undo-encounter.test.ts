import { expect, it } from "vitest";
import { encounters, pendingLogs } from "../../db/schema/index.ts";
import { handleMessage } from "../../src/services/handle-message.ts";
import { instantFromLocalTime } from "../../src/time/calendar.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

const sentAt = instantFromLocalTime("2026-03-10T15:00", "America/New_York");
let messageNumber = 0;

describeDatabases("undo message", (database) => {
  async function setup() {
    const context = createTestContext(database().db);
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    await enrollTestPatient(context, nurse, { name: "John Doe", mrn: "100243" });
    const send = (text: string) => {
      messageNumber += 1;
      return handleMessage(context, {
        user: { platform: "slack", userId: "UNURSE" },
        source: { platform: "slack", channel: "CCARE", messageId: `1773169200.${messageNumber}` },
        text,
        instant: sentAt,
      });
    };
    return { send };
  }

  it("undoes the latest recorded log", async () => {
    const { send } = await setup();
    await send("20 min with Jane Doe");
    await send("10 min with John Doe");

    const outcome = await send("undo");

    expect(outcome).toMatchObject({ kind: "undo", result: { status: "undone", minutes: 10 } });
    const active = (await database().db.select().from(encounters)).filter(
      (row) => row.voidedAt === null,
    );
    expect(active.map((row) => row.minutes)).toEqual([20]);
  });

  it("cancels a later log still waiting for a patient", async () => {
    const { send } = await setup();
    await send("20 min with Jane Doe");
    await send("15 min with J. Doe, med rec");

    const outcome = await send("undo");

    expect(outcome).toMatchObject({
      kind: "undo",
      result: { status: "waiting_log_cancelled", minutes: 15 },
    });
    const [waiting] = await database().db.select().from(pendingLogs);
    expect(waiting?.status).toBe("cancelled");
    const [recorded] = await database().db.select().from(encounters);
    expect(recorded?.voidedAt).toBeNull();
  });
});

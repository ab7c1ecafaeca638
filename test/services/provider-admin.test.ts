import { expect, it } from "vitest";
import { auditEvents, encounters, providers } from "../../db/schema/index.ts";
import { handleMessage } from "../../src/services/handle-message.ts";
import { removeProvider, setProviderRole } from "../../src/services/provider-admin.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

const slackUser = (userId: string) => ({ platform: "slack" as const, userId });

describeDatabases("provider administration", (database) => {
  async function setup() {
    const context = createTestContext(database().db);
    const admin = await addProvider(database().db, { userId: "UADMIN", role: "admin" });
    return { context, admin };
  }

  function message(context: ReturnType<typeof createTestContext>, userId: string, ts: string) {
    return handleMessage(context, {
      user: slackUser(userId),
      source: { platform: "slack", channel: "CCARE", messageId: ts },
      text: "20 min with Jane Doe on meds",
      instant: context.now(),
    });
  }

  it("adds a provider with an audit row", async () => {
    const { context, admin } = await setup();

    const result = await setProviderRole(
      context,
      admin,
      { ...slackUser("UDOC"), displayName: "doc" },
      "physician",
    );

    expect(result.status).toBe("added");
    const audit = (await database().db.select().from(auditEvents)).find(
      (row) => row.action === "provider.add",
    );
    expect(audit?.actorProviderId).toBe(admin.id);
    expect(audit?.details).toMatchObject({ userId: "UDOC", role: "physician" });
  });

  it("lets only admins manage providers", async () => {
    const { context } = await setup();
    const nurse = await addProvider(database().db, { userId: "UNURSE" });

    const added = await setProviderRole(context, nurse, slackUser("UDOC"), "physician");
    const removed = await removeProvider(context, nurse, slackUser("UADMIN"));

    expect(added.status).toBe("not_admin");
    expect(removed.status).toBe("not_admin");
    expect(await database().db.select().from(providers)).toHaveLength(2);
    expect(await database().db.select().from(auditEvents)).toHaveLength(0);
  });

  it("keeps the role each encounter was logged in", async () => {
    const { context, admin } = await setup();
    await setProviderRole(context, admin, slackUser("UNURSE"), "clinical_staff");
    await enrollTestPatient(context, admin, { name: "Jane Doe", mrn: "100234" });
    await message(context, "UNURSE", "1.1");

    const changed = await setProviderRole(context, admin, slackUser("UNURSE"), "physician");
    await message(context, "UNURSE", "1.2");

    expect(changed).toMatchObject({ status: "role_changed", previousRole: "clinical_staff" });
    const rows = await database().db.select().from(encounters).orderBy(encounters.id);
    expect(rows.map((row) => row.providerRole)).toEqual(["clinical_staff", "physician"]);
    const audit = (await database().db.select().from(auditEvents)).find(
      (row) => row.action === "provider.role_change",
    );
    expect(audit?.details).toMatchObject({ role: "physician", previousRole: "clinical_staff" });
  });

  it("stops a removed provider from logging", async () => {
    const { context, admin } = await setup();
    await setProviderRole(context, admin, slackUser("UNURSE"), "clinical_staff");
    await enrollTestPatient(context, admin, { name: "Jane Doe", mrn: "100234" });

    const removed = await removeProvider(context, admin, slackUser("UNURSE"));
    const outcome = await message(context, "UNURSE", "2.1");

    expect(removed.status).toBe("removed");
    expect(outcome).toEqual({ kind: "not_provider", intent: "log", role: undefined });
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    const audit = (await database().db.select().from(auditEvents)).map((row) => row.action);
    expect(audit).toContain("provider.remove");
  });

  it("refuses a billing user's log with their role", async () => {
    const { context, admin } = await setup();
    await setProviderRole(context, admin, slackUser("UBILL"), "billing");
    await enrollTestPatient(context, admin, { name: "Jane Doe", mrn: "100234" });

    const outcome = await message(context, "UBILL", "3.1");

    expect(outcome).toEqual({ kind: "not_provider", intent: "log", role: "billing" });
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });

  it("never leaves the practice without an admin", async () => {
    const { context, admin } = await setup();

    const demoted = await setProviderRole(context, admin, slackUser("UADMIN"), "physician");
    const self = await removeProvider(context, admin, slackUser("UADMIN"));

    expect(demoted.status).toBe("last_admin");
    expect(self.status).toBe("self");
    const [row] = await database().db.select().from(providers);
    expect(row).toMatchObject({ role: "admin", active: true });
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, expect, it } from "vitest";
import { encounters, patients, pendingLogs, providers } from "../../../db/schema/index.ts";
import { describeDatabases } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import { messageEvent, postButton, postCommand, postEvent } from "../../support/slack-requests.ts";

const roster = [
  "name,MRN,date of birth,conditions,consent type,consent date",
  "Jane Doe,100234,1950-04-02,diabetes;hypertension,verbal,2026-03-01",
  "Mary Major,100300,2031-01-01,asthma;COPD,written,2026-03-01",
].join("\r\n");

function allText(params: Record<string, unknown> | undefined): string {
  return JSON.stringify([params?.text, params?.blocks]);
}

describeDatabases("Slack roster and providers", (database) => {
  let harness: SlackBotHarness;
  let sequence = 0;

  beforeEach(async () => {
    harness = await startSlackBot(database());
    harness.clock.setLocal("2026-03-10T15:00");
  });

  afterEach(async () => {
    await harness.stop();
  });

  function upload(
    file: Record<string, unknown>,
    fields: { text?: string; channel?: string; channelType?: string; user?: string } = {},
  ) {
    sequence += 1;
    return messageEvent({
      text: fields.text ?? "",
      ts: `1773150000.${String(sequence).padStart(6, "0")}`,
      user: fields.user ?? "UADMIN",
      channel: fields.channel ?? "DADMIN",
      channelType: fields.channelType ?? "im",
      subtype: "file_share",
      extra: { files: [file] },
    });
  }

  async function command(text: string, user = "UADMIN") {
    sequence += 1;
    const id = `c${sequence}`;
    await postCommand(harness.url, { text, user, responseUrl: harness.fake.responseUrl(id) });
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === `response:/response/${id}`),
    );
    return harness.fake.callsTo(`response:/response/${id}`)[0]?.params;
  }

  it("imports a CSV uploaded in a direct message", async () => {
    const file = harness.fake.addFile("F1", roster);

    const response = await postEvent(harness.url, upload(file));

    expect(response.status).toBe(200);
    const [download] = harness.fake.callsTo("file:F1");
    expect(download?.headers.authorization).toBe("Bearer xoxb-test-token");
    const [report] = harness.fake.callsTo("chat.postMessage");
    expect(report?.params.channel).toBe("DADMIN");
    const text = allText(report?.params);
    expect(text).toContain("1 added");
    expect(text).toContain("1 rejected");
    expect(text).toContain("Line 3: *rejected* Mary Major (MRN 100300)");
    expect(await database().db.select().from(patients)).toHaveLength(1);
  });

  it("imports a redelivered upload once", async () => {
    const file = harness.fake.addFile("F2", roster);
    const event = upload(file);

    await postEvent(harness.url, event);
    await postEvent(harness.url, event, { headers: { "x-slack-retry-num": "1" } });

    expect(harness.fake.callsTo("file:F2")).toHaveLength(1);
    expect(harness.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("answers a 10 MB file without downloading it", async () => {
    const file = harness.fake.addFile("F3", roster, { size: 10 * 1024 * 1024 });

    await postEvent(harness.url, upload(file));

    expect(harness.fake.callsTo("file:F3")).toHaveLength(0);
    expect(allText(harness.fake.callsTo("chat.postMessage")[0]?.params)).toContain(
      "The roster is 10.0 MB; the limit is 2 MB",
    );
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });

  it("never downloads from a host that is not Slack", async () => {
    let hits = 0;
    const other: Server = createServer((_request, response) => {
      hits += 1;
      response.end(roster);
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      const file = harness.fake.addFile("F4", roster, {
        url_private: `http://127.0.0.1:${port}/F4`,
        url_private_download: `http://127.0.0.1:${port}/F4?download=1`,
      });

      await postEvent(harness.url, upload(file));

      expect(hits).toBe(0);
      expect(allText(harness.fake.callsTo("chat.postMessage")[0]?.params)).toContain(
        "could not download",
      );
      expect(await database().db.select().from(patients)).toHaveLength(0);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it("imports in a channel only when asked", async () => {
    const quiet = harness.fake.addFile("F5", roster);
    const asked = harness.fake.addFile("F6", roster);

    await postEvent(
      harness.url,
      upload(quiet, { text: "here is the list", channel: "CCARE", channelType: "channel" }),
    );
    await postEvent(
      harness.url,
      upload(asked, { text: "import please", channel: "CCARE", channelType: "channel" }),
    );

    expect(harness.fake.callsTo("file:F5")).toHaveLength(0);
    const [report] = harness.fake.callsTo("chat.postEphemeral");
    expect(report?.params).toMatchObject({ channel: "CCARE", user: "UADMIN" });
    expect(allText(report?.params)).toContain("1 added");
  });

  it("refuses an upload from someone who is not a provider", async () => {
    const file = harness.fake.addFile("F7", roster);

    await postEvent(harness.url, upload(file, { user: "USTRANGER", channel: "DSTRANGER" }));

    expect(harness.fake.callsTo("file:F7")).toHaveLength(0);
    expect(allText(harness.fake.callsTo("chat.postMessage")[0]?.params)).toContain(
      "Only registered providers",
    );
    expect(await database().db.select().from(patients)).toHaveLength(0);
  });

  it("adds and removes a provider by mention", async () => {
    const added = await command("provider add <@UNURSE|nurse.joy> clinical_staff");
    const removed = await command("provider remove <@UNURSE|nurse.joy>");

    expect(allText(added)).toContain("Added nurse.joy (UNURSE) as `clinical_staff`");
    expect(allText(removed)).toContain("Removed nurse.joy (UNURSE)");
    const [row] = (await database().db.select().from(providers)).filter(
      (provider) => provider.platformUserId === "UNURSE",
    );
    expect(row).toMatchObject({ role: "clinical_staff", active: false });
  });

  it("tells a non-provider once and records nothing", async () => {
    await command(
      "enroll Jane Doe, MRN 100234, conditions: diabetes, hypertension, consent: verbal 2026-03-01",
    );
    harness.fake.clear();
    const event = messageEvent({
      text: "20 min with Jane Doe",
      ts: "1773150500.000100",
      user: "USTRANGER",
    });

    await postEvent(harness.url, event);
    await postEvent(harness.url, event, { headers: { "x-slack-retry-num": "1" } });

    const answers = harness.fake.callsTo("chat.postEphemeral");
    expect(answers).toHaveLength(1);
    expect(allText(answers[0]?.params)).toContain("Only registered providers");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(0);
  });

  it("turns the patient list page in place", async () => {
    for (let index = 0; index < 11; index += 1) {
      await command(
        `enroll Pat Number${String.fromCharCode(65 + index)}, MRN ${200100 + index}, conditions: a, b, consent: verbal 2026-03-01`,
      );
    }
    const first = await command("patients");
    const blocks = (first?.blocks ?? []) as { elements?: { action_id: string; value: string }[] }[];
    const next = blocks
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id.startsWith("ccm_patients_page"));

    await postButton(harness.url, {
      actionId: next?.action_id ?? "",
      value: next?.value ?? "",
      responseUrl: harness.fake.responseUrl("page"),
      ephemeral: true,
    });

    expect(first?.response_type).toBe("ephemeral");
    await harness.fake.waitFor((calls) =>
      calls.some((call) => call.method === "response:/response/page"),
    );
    const [page] = harness.fake.callsTo("response:/response/page");
    expect(page?.params.replace_original).toBe(true);
    expect(allText(page?.params)).toContain("page 2 of 2");
    expect(allText(page?.params)).toContain("Pat NumberK");
  });
});

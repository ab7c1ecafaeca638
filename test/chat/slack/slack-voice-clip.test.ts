import { afterEach, beforeEach, expect, it } from "vitest";
import { encounters, pendingLogs } from "../../../db/schema/index.ts";
import { instantFromLocalTime } from "../../../src/time/calendar.ts";
import { describeDatabases } from "../../support/databases.ts";
import { type SlackBotHarness, startSlackBot } from "../../support/slack-bot.ts";
import { messageEvent, postEvent } from "../../support/slack-requests.ts";
import { runSlackCommand } from "../../support/voice-requests.ts";

const enrollJane =
  "enroll Jane Doe, MRN 100234, DOB 1950-04-02, conditions: diabetes, hypertension, consent: verbal 2025-12-01";

function tsAt(wallTime: string, sequence = 1): string {
  const seconds = Math.floor(instantFromLocalTime(wallTime, "America/New_York").getTime() / 1000);
  return `${seconds}.${String(sequence).padStart(6, "0")}`;
}

/** Builds a voice clip file as a `file_share` event carries it, with Slack's `transcription`. */
function voiceClip(transcription?: Record<string, unknown>): Record<string, unknown> {
  return {
    id: "F0CLIP",
    name: "audio_message.webm",
    mimetype: "audio/webm",
    filetype: "webm",
    subtype: "slack_audio",
    media_display_type: "audio",
    ...(transcription ? { transcription } : {}),
  };
}

function threadReplies(harness: SlackBotHarness) {
  return harness.fake.callsTo("chat.postMessage").filter((call) => call.params.channel === "CCARE");
}

describeDatabases("Slack voice clips", (database) => {
  let harness: SlackBotHarness;

  beforeEach(async () => {
    harness = await startSlackBot(database());
    await runSlackCommand(harness, enrollJane);
    harness.fake.clear();
  });

  afterEach(async () => {
    await harness.stop();
  });

  async function shareClip(ts: string, files: Record<string, unknown>[], text = "") {
    const envelope = messageEvent({
      text,
      ts,
      user: "UADMIN",
      subtype: "file_share",
      extra: { files, upload: false },
    });
    return postEvent(harness.url, envelope);
  }

  it("records a clip from its transcript", async () => {
    const ts = tsAt("2026-03-10T15:00");

    const response = await shareClip(ts, [
      voiceClip({
        status: "complete",
        locale: "en-US",
        preview: {
          content: "um spent fifteen minutes with jane doe on diabetes meds",
          has_more: false,
        },
      }),
    ]);

    expect(response.status).toBe(200);
    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      minutes: 15,
      note: "diabetes meds",
      sourcePlatform: "slack",
      sourceMessageId: ts,
    });
    const [reply] = threadReplies(harness);
    expect(reply?.params.thread_ts).toBe(ts);
    expect(JSON.stringify(reply?.params.blocks)).toContain("15 min");
  });

  it("says it could not read a clip without transcript", async () => {
    const ts = tsAt("2026-03-10T15:00");
    const envelope = messageEvent({
      text: "",
      ts,
      user: "UADMIN",
      subtype: "file_share",
      extra: { files: [voiceClip({ status: "processing" })] },
    });

    const response = await postEvent(harness.url, envelope);
    const retry = await postEvent(harness.url, envelope, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });

    expect(response.status).toBe(200);
    expect(retry.status).toBe(200);
    const replies = threadReplies(harness);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.params.thread_ts).toBe(ts);
    expect(JSON.stringify(replies[0]?.params.blocks)).toContain("could not read this voice clip");
    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(await database().db.select().from(pendingLogs)).toHaveLength(0);
  });

  it("does not read a cut-off transcript", async () => {
    await shareClip(tsAt("2026-03-10T15:00"), [
      voiceClip({ status: "complete", preview: { content: "an hour and", has_more: true } }),
    ]);

    expect(await database().db.select().from(encounters)).toHaveLength(0);
    expect(JSON.stringify(threadReplies(harness)[0]?.params.blocks)).toContain(
      "could not read this voice clip",
    );
  });

  it("says so for a clip with no transcription field", async () => {
    await shareClip(tsAt("2026-03-10T15:00"), [voiceClip()]);

    expect(JSON.stringify(threadReplies(harness)[0]?.params.blocks)).toContain(
      "could not read this voice clip",
    );
  });

  it("records typed text beside an unreadable clip", async () => {
    await shareClip(
      tsAt("2026-03-10T15:00"),
      [voiceClip({ status: "failed" })],
      "20 min with J. Doe, care plan",
    );

    const rows = await database().db.select().from(encounters);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.minutes).toBe(20);
    expect(JSON.stringify(threadReplies(harness)[0]?.params.blocks)).not.toContain(
      "could not read",
    );
  });

  it("ignores a shared file that is not a voice clip", async () => {
    await shareClip(tsAt("2026-03-10T15:00"), [
      { id: "F0PDF", name: "care-plan.pdf", mimetype: "application/pdf", filetype: "pdf" },
    ]);

    expect(threadReplies(harness)).toHaveLength(0);
    expect(await database().db.select().from(encounters)).toHaveLength(0);
  });
});

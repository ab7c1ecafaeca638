import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readChannelMessages } from "../../../src/import/slack-export/channel-messages.ts";
import { SlackExportError } from "../../../src/import/slack-export/export-error.ts";
import {
  findConversation,
  openSlackExport,
  type SlackExport,
} from "../../../src/import/slack-export/read-export.ts";
import {
  careTeamExport,
  careTeamTs,
  writeExportFolder,
  writeExportZip,
} from "../../support/slack-export.ts";

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ccm-export-"));
  writeExportFolder(join(dir, "folder"), careTeamExport());
  await writeExportZip(join(dir, "export.zip"), careTeamExport());
  await writeExportZip(join(dir, "nested.zip"), careTeamExport(), "Acme Slack export/");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function withExport<T>(path: string, use: (slackExport: SlackExport) => Promise<T>) {
  const slackExport = await openSlackExport(path);
  try {
    return await use(slackExport);
  } finally {
    await slackExport.close();
  }
}

async function openError(path: string): Promise<SlackExportError> {
  const error = await openSlackExport(path).then(
    async (opened) => {
      await opened.close();
      return undefined;
    },
    (caught: unknown) => caught,
  );
  if (!(error instanceof SlackExportError))
    throw new Error(`expected SlackExportError, got ${error}`);
  return error;
}

describe("openSlackExport", () => {
  it.each([
    ["a folder", "folder"],
    ["a zip", "export.zip"],
    ["a zip with a top folder", "nested.zip"],
  ])("reads conversations and users from %s", async (_label, name) => {
    await withExport(join(dir, name), async (slackExport) => {
      expect(slackExport.conversations).toEqual([
        { id: "C0CARE", name: "care-team", kind: "channel", folder: "care-team" },
        { id: "C0RAND", name: "random", kind: "channel", folder: "random" },
        {
          id: "G0PRIV",
          name: "billing-private",
          kind: "private_channel",
          folder: "billing-private",
        },
      ]);
      expect(slackExport.userNames.get("UNURSE")).toBe("Nora");
      expect(slackExport.userNames.get("UADMIN")).toBe("Ada Admin");
      expect(slackExport.userNames.get("UTEMP")).toBe("Tom Temp");
    });
  });

  it.each(["folder", "export.zip", "nested.zip"])("lists day files of %s by date", async (name) => {
    await withExport(join(dir, name), async (slackExport) => {
      const careTeam = findConversation(slackExport, "#care-team");
      const dates = slackExport.listDayFiles(careTeam).map((dayFile) => dayFile.date);

      expect(dates).toEqual([
        "2026-02-27",
        "2026-03-02",
        "2026-03-03",
        "2026-03-04",
        "2026-03-05",
        "2026-04-01",
      ]);
    });
  });

  it("rejects a folder without channels.json", async () => {
    const empty = join(dir, "not-an-export");
    mkdirSync(join(empty, "general"), { recursive: true });
    writeFileSync(join(empty, "users.json"), "[]");

    const error = await openError(empty);

    expect(error.code).toBe("not_an_export");
    expect(error.message).toContain("has no channels.json");
  });

  it("rejects a file that is not a zip", async () => {
    const text = join(dir, "notes.txt");
    writeFileSync(text, "20 min with Jane Doe");

    const error = await openError(text);

    expect(error.code).toBe("export_unreadable");
    expect(error.message).toContain("neither a folder nor a readable .zip");
  });

  it("rejects a missing path", async () => {
    const error = await openError(join(dir, "missing.zip"));

    expect(error.code).toBe("export_unreadable");
    expect(error.message).toContain("missing.zip");
  });

  it("rejects an invalid channels.json", async () => {
    const broken = join(dir, "broken");
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, "channels.json"), '[{"name": "care-team"}]');

    const error = await openError(broken);

    expect(error.code).toBe("invalid_export");
    expect(error.message).toContain("channels.json at 0.id");
  });
});

describe("findConversation", () => {
  it("finds a channel by id", async () => {
    await withExport(join(dir, "folder"), async (slackExport) => {
      expect(findConversation(slackExport, "G0PRIV").name).toBe("billing-private");
    });
  });

  it("finds a channel by name in any case", async () => {
    await withExport(join(dir, "folder"), async (slackExport) => {
      expect(findConversation(slackExport, "#Care-Team").id).toBe("C0CARE");
    });
  });

  it("lists the channel names when none matches", async () => {
    await withExport(join(dir, "folder"), async (slackExport) => {
      let error: unknown;
      try {
        findConversation(slackExport, "care");
      } catch (caught) {
        error = caught;
      }

      expect(error).toBeInstanceOf(SlackExportError);
      expect((error as SlackExportError).code).toBe("channel_not_found");
      expect((error as SlackExportError).message).toContain('Channel "care" not found in');
      expect((error as SlackExportError).message).toContain(
        "Channels in the export: billing-private, care-team, random.",
      );
    });
  });
});

describe("readChannelMessages", () => {
  it("reports a corrupt day file and reads the others", async () => {
    await withExport(join(dir, "export.zip"), async (slackExport) => {
      const channel = await readChannelMessages(slackExport, {
        channel: "care-team",
        timeZone: "America/New_York",
      });

      expect(channel.skippedDayFiles).toHaveLength(1);
      expect(channel.skippedDayFiles[0]).toMatchObject({ date: "2026-03-04", outcome: "failed" });
      expect(channel.skippedDayFiles[0]?.detail).toContain(
        "day file care-team/2026-03-04.json skipped: not readable as JSON",
      );
      const posts = channel.messages.filter((message) => message.kind === "post");
      expect(posts.map((message) => message.ts)).toContain(careTeamTs.february);
      expect(posts.map((message) => message.ts)).toContain(careTeamTs.april);
    });
  });

  it("keeps only the month's messages", async () => {
    await withExport(join(dir, "folder"), async (slackExport) => {
      const channel = await readChannelMessages(slackExport, {
        channel: "care-team",
        month: "2026-03",
        timeZone: "America/New_York",
      });

      const timestamps = channel.messages.map((message) => message.ts);
      expect(timestamps).not.toContain(careTeamTs.february);
      expect(timestamps).not.toContain(careTeamTs.april);
      expect(timestamps).toContain(careTeamTs.janeFirst);
      expect(channel.messages).toHaveLength(16);
    });
  });
});

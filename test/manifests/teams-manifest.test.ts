import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { unzipSync } from "fflate";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/chat/commands/router.ts";

const manifestFolder = "manifests/teams";
const manifestText = readFileSync(join(manifestFolder, "manifest.json"), "utf8");
const manifest = JSON.parse(manifestText) as {
  manifestVersion: string;
  $schema: string;
  icons: { color: string; outline: string };
  bots: {
    scopes: string[];
    supportsFiles?: boolean;
    commandLists: { scopes: string[]; commands: { title: string }[] }[];
  }[];
};

/** The Teams manifest JSON schemas that @microsoft/app-manifest ships, one folder per version. */
const schemaFolder = join(
  dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest")),
  "json-schemas",
  "teams",
);

function loadSchema(version: string): Parameters<typeof AppManifestUtils.validateAgainstSchema>[1] {
  return JSON.parse(
    readFileSync(join(schemaFolder, `v${version}`, "MicrosoftTeams.schema.json"), "utf8"),
  );
}

/** The newest released schema version shipped, leaving out the developer preview. */
function newestSchemaVersion(): string {
  const versions = readdirSync(schemaFolder)
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .map((name) => name.slice(1));
  versions.sort((a, b) => {
    const [majorA = 0, minorA = 0] = a.split(".").map(Number);
    const [majorB = 0, minorB = 0] = b.split(".").map(Number);
    return majorA - majorB || minorA - minorB;
  });
  return versions.at(-1) ?? "";
}

function readPng(name: string): PNG {
  return PNG.sync.read(readFileSync(join(manifestFolder, name)));
}

/** Passes the schema explicitly, so the validator never fetches the `$schema` URL. */
async function validate(candidate: unknown): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(
    candidate as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0],
    loadSchema(manifest.manifestVersion),
  );
}

describe("Teams manifest", () => {
  it("uses the newest released schema version", () => {
    expect(manifest.manifestVersion).toBe(newestSchemaVersion());
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it("validates against the shipped schema", async () => {
    expect(await validate(manifest)).toEqual([]);
  });

  it("fails validation without a required field", async () => {
    const { accentColor: _, ...withoutAccent } = manifest as Record<string, unknown>;

    const errors = await validate(withoutAccent);

    expect(errors.join("\n")).toContain("accentColor");
  });

  it("offers the bot in personal, team and group chat scopes", () => {
    const [bot] = manifest.bots;
    expect(bot?.scopes.sort()).toEqual(["groupChat", "personal", "team"]);
    expect(bot?.commandLists[0]?.scopes.sort()).toEqual(["groupChat", "personal", "team"]);
  });

  it("lets the bot exchange files in 1:1 chats", () => {
    // Exports are offered through file consent cards and rosters arrive as files, and Teams
    // sends neither to a bot without this flag.
    expect(manifest.bots[0]?.supportsFiles).toBe(true);
  });

  it("lists ccm commands within Teams limits", () => {
    const titles = manifest.bots[0]?.commandLists.flatMap((list) =>
      list.commands.map((command) => command.title),
    );
    const routed = new Set(["help", ...commands.map((command) => command.name)]);

    expect(titles).toEqual(expect.arrayContaining(["enroll", "total", "undo", "help"]));
    expect(titles?.filter((title) => !routed.has(title))).toEqual([]);
    // Teams shows at most ten commands per list; the rest still work when typed.
    expect(titles?.length).toBeLessThanOrEqual(10);
  });

  it("has a 192x192 opaque color icon", () => {
    const color = readPng(manifest.icons.color);
    expect([color.width, color.height]).toEqual([192, 192]);
    const alphas = new Set<number>();
    for (let offset = 3; offset < color.data.length; offset += 4)
      alphas.add(color.data[offset] ?? 0);
    expect([...alphas]).toEqual([255]);
  });

  it("has a 32x32 white on transparent outline icon", () => {
    const outline = readPng(manifest.icons.outline);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    let drawn = 0;
    for (let offset = 0; offset < outline.data.length; offset += 4) {
      const [red, green, blue, alpha] = outline.data.subarray(offset, offset + 4);
      if (alpha === 0) transparent += 1;
      else {
        drawn += 1;
        expect([red, green, blue]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(0);
    expect(drawn).toBeGreaterThan(0);
  });
});

describe("package:teams", () => {
  const botId = "11111111-2222-3333-4444-555555555555";

  function runPackage(environment: Record<string, string>, output: string) {
    return spawnSync("node_modules/.bin/tsx", ["scripts/package-teams.ts", output], {
      env: { PATH: process.env.PATH, ...environment },
      encoding: "utf8",
    });
  }

  it("zips the manifest and icons with the bot id", () => {
    const folder = mkdtempSync(join(tmpdir(), "ccm-teams-package-"));
    try {
      const output = join(folder, "app.zip");

      const result = runPackage({ TEAMS_APP_ID: botId }, output);

      expect(result.status).toBe(0);
      const entries = unzipSync(readFileSync(output));
      expect(Object.keys(entries).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
      const packaged = JSON.parse(Buffer.from(entries["manifest.json"] ?? []).toString("utf8"));
      expect(packaged.id).toBe(botId);
      expect(packaged.bots[0].botId).toBe(botId);
      expect(
        Buffer.from(entries["outline.png"] ?? []).equals(
          readFileSync(join(manifestFolder, "outline.png")),
        ),
      ).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("refuses to package without a bot id", () => {
    const folder = mkdtempSync(join(tmpdir(), "ccm-teams-package-"));
    try {
      const result = runPackage({}, join(folder, "app.zip"));

      expect(result.status).toBe(1);
      expect(result.stderr).toContain("TEAMS_APP_ID");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

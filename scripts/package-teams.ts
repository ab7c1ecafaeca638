/**
 * `npm run package:teams [-- OUTPUT.zip]`: zips manifests/teams (manifest.json, color.png,
 * outline.png, at the root of the archive as Teams expects) for "Upload a custom app". The bot id
 * and app id in the manifest are set from TEAMS_APP_ID, the bot's Microsoft App ID. The default
 * output is dist/teams-app.zip.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";

const guid = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const placeholderId = "00000000-0000-0000-0000-000000000000";
/** A fixed timestamp for every entry, so the same inputs give the same archive. */
const entryTime = new Date("2026-01-01T00:00:00Z");

interface TeamsManifest {
  id: string;
  bots: { botId: string }[];
  icons: { color: string; outline: string };
}

function fail(message: string): never {
  console.error(`package:teams: ${message}`);
  process.exit(1);
}

const folder = fileURLToPath(new URL("../manifests/teams/", import.meta.url));
const output = resolve(process.argv[2] ?? "dist/teams-app.zip");
const manifest = JSON.parse(readFileSync(`${folder}manifest.json`, "utf8")) as TeamsManifest;

const appId = process.env.TEAMS_APP_ID?.trim() || undefined;
if (appId && !guid.test(appId))
  fail(`TEAMS_APP_ID ${appId} is not a GUID; use the bot's Microsoft App ID`);
if (appId) {
  manifest.id = appId;
  for (const bot of manifest.bots) bot.botId = appId;
}
if (manifest.bots.some((bot) => bot.botId === placeholderId)) {
  fail(
    "the manifest has no bot id; set TEAMS_APP_ID to the bot's Microsoft App ID and run it again",
  );
}

const archive = zipSync(
  {
    "manifest.json": [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), { mtime: entryTime }],
    [manifest.icons.color]: [
      readFileSync(`${folder}${manifest.icons.color}`),
      { mtime: entryTime },
    ],
    [manifest.icons.outline]: [
      readFileSync(`${folder}${manifest.icons.outline}`),
      { mtime: entryTime },
    ],
  },
  { level: 9 },
);
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, archive);
console.log(
  `package:teams: wrote ${output} (${archive.length} bytes) for bot ${manifest.bots[0]?.botId}`,
);

import type { z } from "zod";
import { SlackExportError } from "./export-error.ts";
import { type ExportFiles, openExportFiles, reasonOf } from "./export-files.ts";
import {
  conversationListSchema,
  dayFileName,
  type ExportUser,
  userListSchema,
} from "./export-schema.ts";

export type ConversationKind = "channel" | "private_channel" | "group_dm" | "dm";

/** A channel or direct conversation of the export. */
export interface Conversation {
  /** Slack's channel id, as live events carry it (`C…`, `G…`, `D…`). */
  id: string;
  /** The name people use; a direct message has only its id. */
  name: string;
  kind: ConversationKind;
  /** The folder holding its day files, relative to the top of the export. */
  folder: string;
}

/** One `YYYY-MM-DD.json` file of a conversation folder. */
export interface DayFile {
  date: string;
  path: string;
}

export type DayFileContent = { ok: true; records: unknown[] } | { ok: false; reason: string };

export interface SlackExport {
  path: string;
  conversations: Conversation[];
  /** Display names by Slack user id, from users.json when the export has one. */
  userNames: Map<string, string>;
  listDayFiles(conversation: Conversation): DayFile[];
  readDayFile(dayFile: DayFile): Promise<DayFileContent>;
  close(): Promise<void>;
}

/**
 * The conversation lists an export may hold. Only channels.json is always there; private
 * channels and direct messages appear when the export includes them. Channel folders are named
 * after the channel, direct-message folders after the conversation id.
 */
const conversationLists: { file: string; kind: ConversationKind }[] = [
  { file: "channels.json", kind: "channel" },
  { file: "groups.json", kind: "private_channel" },
  { file: "mpims.json", kind: "group_dm" },
  { file: "dms.json", kind: "dm" },
];

/**
 * Opens a Slack workspace export (folder or .zip) and reads its conversation and user lists.
 * Throws SlackExportError when the path is not an export or a list in it is invalid.
 */
export async function openSlackExport(path: string): Promise<SlackExport> {
  const files = await openExportFiles(path);
  try {
    const root = findRoot(path, files.paths);
    const conversations = await readConversations(path, files, root);
    const userNames = await readUserNames(path, files, root);
    return {
      path,
      conversations,
      userNames,
      listDayFiles: (conversation) => listDayFiles(files, root, conversation),
      readDayFile: (dayFile) => readDayFile(files, dayFile),
      close: () => files.close(),
    };
  } catch (error) {
    await files.close();
    throw error;
  }
}

/**
 * Finds the folder prefix inside the export where channels.json sits: "" for Slack's own archive,
 * or one folder down when the export was unpacked into a folder and packed again.
 */
function findRoot(path: string, paths: readonly string[]): string {
  const candidates = paths
    .filter((file) => file === "channels.json" || /^[^/]+\/channels\.json$/.test(file))
    .filter((file) => !file.startsWith("__MACOSX/"))
    .sort((a, b) => a.length - b.length);
  const found = candidates[0];
  if (found === undefined) {
    throw new SlackExportError(
      `${path} is not a Slack export: it has no channels.json. Give the folder or .zip file of a Slack workspace export.`,
      "not_an_export",
    );
  }
  return found.slice(0, found.length - "channels.json".length);
}

async function readConversations(
  path: string,
  files: ExportFiles,
  root: string,
): Promise<Conversation[]> {
  const conversations: Conversation[] = [];
  for (const { file, kind } of conversationLists) {
    if (!files.paths.includes(`${root}${file}`)) continue;
    const entries = await readJsonFile(path, files, `${root}${file}`, conversationListSchema);
    for (const entry of entries) {
      const name = entry.name ?? entry.id;
      conversations.push({ id: entry.id, name, kind, folder: kind === "dm" ? entry.id : name });
    }
  }
  return conversations;
}

async function readUserNames(
  path: string,
  files: ExportFiles,
  root: string,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!files.paths.includes(`${root}users.json`)) return names;
  const users = await readJsonFile(path, files, `${root}users.json`, userListSchema);
  for (const user of users) names.set(user.id, displayNameOf(user));
  return names;
}

/** Picks the name Slack shows for a user: display name, else real name, else handle, else id. */
function displayNameOf(user: ExportUser): string {
  return (
    user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || user.id
  );
}

/** Reads one of the export's lists; an unreadable or invalid list makes the export unusable. */
async function readJsonFile<T extends z.ZodType>(
  path: string,
  files: ExportFiles,
  file: string,
  schema: T,
): Promise<z.infer<T>> {
  let data: unknown;
  try {
    data = JSON.parse(await files.readText(file));
  } catch (error) {
    throw new SlackExportError(
      `Invalid Slack export ${path}: ${file} cannot be read as JSON (${reasonOf(error)}). Export the workspace again.`,
      "invalid_export",
      { cause: error },
    );
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    throw new SlackExportError(
      `Invalid Slack export ${path}: ${file}${where}: ${issue?.message ?? "unexpected content"}. Export the workspace again.`,
      "invalid_export",
    );
  }
  return parsed.data;
}

function listDayFiles(files: ExportFiles, root: string, conversation: Conversation): DayFile[] {
  const prefix = `${root}${conversation.folder}/`;
  const dayFiles: DayFile[] = [];
  for (const path of files.paths) {
    if (!path.startsWith(prefix)) continue;
    const match = dayFileName.exec(path.slice(prefix.length));
    if (match?.[1]) dayFiles.push({ date: match[1], path });
  }
  return dayFiles.sort((a, b) => a.date.localeCompare(b.date));
}

/** Reads a day file; a file that is not a JSON array comes back as a reason, not an exception. */
async function readDayFile(files: ExportFiles, dayFile: DayFile): Promise<DayFileContent> {
  let data: unknown;
  try {
    data = JSON.parse(await files.readText(dayFile.path));
  } catch (error) {
    return { ok: false, reason: `not readable as JSON (${reasonOf(error)})` };
  }
  if (!Array.isArray(data)) return { ok: false, reason: "not a JSON array of messages" };
  return { ok: true, records: data };
}

/**
 * Finds a conversation by name (with or without "#", exact case first) or id. Throws
 * SlackExportError listing the channel names the export has when none matches.
 */
export function findConversation(slackExport: SlackExport, nameOrId: string): Conversation {
  const requested = nameOrId.trim().replace(/^#/, "");
  const found =
    slackExport.conversations.find((conversation) => conversation.name === requested) ??
    slackExport.conversations.find(
      (conversation) => conversation.name.toLowerCase() === requested.toLowerCase(),
    ) ??
    slackExport.conversations.find((conversation) => conversation.id === requested);
  if (found) return found;
  throw new SlackExportError(
    `Channel "${requested}" not found in ${slackExport.path}. ${describeAvailable(slackExport.conversations)} Pass one of them to --channel.`,
    "channel_not_found",
  );
}

/** Lists channel names for the not-found message; long lists are cut, direct messages counted. */
function describeAvailable(conversations: Conversation[]): string {
  const maxListed = 40;
  const named = conversations
    .filter((conversation) => conversation.kind !== "dm")
    .map((conversation) => conversation.name)
    .sort();
  const direct = conversations.length - named.length;
  if (named.length === 0 && direct === 0) return "The export has no channels.";
  const listed = named.slice(0, maxListed).join(", ");
  const more = named.length > maxListed ? ` and ${named.length - maxListed} more` : "";
  const dms = direct > 0 ? ` It also has ${direct} direct messages, found by their D… id.` : "";
  return `Channels in the export: ${listed || "none"}${more}.${dms}`;
}

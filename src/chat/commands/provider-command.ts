import { type ProviderRole, providerRoles } from "../../../db/schema/index.ts";
import type { ServiceContext } from "../../services/context.ts";
import { listProviders, removeProvider, setProviderRole } from "../../services/provider-admin.ts";
import type { Provider } from "../../services/providers.ts";
import { type Reply, textReply } from "../reply.ts";
import type { Command, CommandInvocation } from "./command.ts";
import { mentionLabel, readUserMention } from "./user-mention.ts";

const usage = "provider add @USER ROLE | provider remove @USER | provider list";
const roleList = providerRoles.join(", ");

/** Other ways people write a role, mapped to the stored one. */
const roleAliases: Record<string, ProviderRole> = {
  staff: "clinical_staff",
  clinical: "clinical_staff",
  practitioner: "physician",
  qhp: "physician",
};

/**
 * `/ccm provider add @user ROLE`, `remove @user` and `list`. Adding and removing are for admins;
 * only providers may log time, in the role recorded on each encounter.
 */
export const providerCommand: Command = {
  name: "provider",
  usage,
  summary: `manage who may log time and in which role (${roleList}); admins only`,
  async run(context, request) {
    const actor = request.provider as Provider;
    const [verb = ""] = request.args.trim().split(/\s+/);
    const rest = request.args.trim().slice(verb.length);
    switch (verb.toLowerCase()) {
      case "add":
        return addProvider(context, request, actor, rest);
      case "remove":
        return removeOne(context, request, actor, rest);
      case "list":
      case "":
        return listAll(context, actor);
      default:
        return textReply("private", [
          `Unknown provider action “${verb}”. Use `,
          { code: `/ccm ${usage}` },
          ".",
        ]);
    }
  },
};

async function addProvider(
  context: ServiceContext,
  request: CommandInvocation,
  actor: Provider,
  text: string,
): Promise<Reply> {
  const read = readUserMention(text);
  const role = readRole(read?.rest ?? "");
  if (!read || !role) {
    return textReply("private", [
      `Say whom and in which role, such as `,
      { code: "/ccm provider add @jane physician" },
      ". Roles: ",
      { code: roleList },
      ".",
    ]);
  }
  const target = { platform: request.user.platform, ...read.mention };
  const result = await setProviderRole(context, actor, target, role);
  const name = mentionLabel(read.mention);
  switch (result.status) {
    case "not_admin":
      return notAdminReply();
    case "last_admin":
      return textReply("private", [`${name} is the only admin. Make someone else admin first.`]);
    case "added":
      return textReply("private", [
        `Added ${name} as `,
        { code: role },
        ". They can now use the bot.",
      ]);
    case "reactivated":
      return textReply("private", [`Added ${name} back as `, { code: role }, "."]);
    case "role_changed":
      return textReply("private", [
        `Changed ${name} from `,
        { code: result.previousRole },
        " to ",
        { code: role },
        ". Time they logged before keeps its role.",
      ]);
    case "unchanged":
      return textReply("private", [`${name} is already `, { code: role }, ". Nothing changed."]);
  }
}

function readRole(text: string): ProviderRole | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if ((providerRoles as readonly string[]).includes(word)) return word as ProviderRole;
  return roleAliases[word];
}

async function removeOne(
  context: ServiceContext,
  request: CommandInvocation,
  actor: Provider,
  text: string,
): Promise<Reply> {
  const read = readUserMention(text);
  if (!read) {
    return textReply("private", [
      "Say whom to remove, such as ",
      { code: "/ccm provider remove @jane" },
      ".",
    ]);
  }
  const result = await removeProvider(context, actor, {
    platform: request.user.platform,
    ...read.mention,
  });
  const name = mentionLabel(read.mention);
  switch (result.status) {
    case "not_admin":
      return notAdminReply();
    case "not_found":
      return textReply("private", [`${name} is not a provider. Nothing changed.`]);
    case "self":
      return textReply("private", ["You cannot remove yourself. Ask another admin."]);
    case "last_admin":
      return textReply("private", [`${name} is the only admin. Make someone else admin first.`]);
    case "removed":
      return textReply("private", [
        `Removed ${name}. They can no longer log time; what they logged stays on record.`,
      ]);
  }
}

async function listAll(context: ServiceContext, actor: Provider): Promise<Reply> {
  const providers = await listProviders(context, actor.platform);
  return textReply(
    "private",
    [`${providers.length} provider${providers.length === 1 ? "" : "s"}:`],
    ...providers.map((provider) => [
      `• ${mentionLabel({ userId: provider.platformUserId, displayName: provider.displayName })} · `,
      { code: provider.role },
    ]),
  );
}

function notAdminReply(): Reply {
  return textReply("private", ["Only admins can add or remove providers."]);
}

import type { ServiceContext } from "../../services/context.ts";
import { findProvider } from "../../services/providers.ts";
import { type Reply, textReply } from "../reply.ts";
import { totalCommand, undoCommand } from "./basic-commands.ts";
import { closeCommand, complexCommand, exportCommand, reopenCommand } from "./billing-commands.ts";
import type { Command, CommandRequest } from "./command.ts";
import { digestCommand } from "./digest-command.ts";
import { enrollCommand } from "./enroll-command.ts";
import { homeCommand } from "./home-command.ts";
import { importCommand } from "./import-command.ts";
import { patientsCommand } from "./patients-command.ts";
import { providerCommand } from "./provider-command.ts";
import { unenrollCommand } from "./unenroll-command.ts";
import { voiceTokenCommand } from "./voice-token-command.ts";
import { whoisCommand } from "./whois-command.ts";

/** Every `/ccm` subcommand, in the order help lists them. */
export const commands: readonly Command[] = [
  enrollCommand,
  unenrollCommand,
  patientsCommand,
  whoisCommand,
  importCommand,
  providerCommand,
  totalCommand,
  undoCommand,
  complexCommand,
  exportCommand,
  closeCommand,
  reopenCommand,
  voiceTokenCommand,
  digestCommand,
  homeCommand,
];

/** Runs `/ccm …` text from any adapter and returns the reply to show the user who sent it. */
export async function runCommand(context: ServiceContext, request: CommandRequest): Promise<Reply> {
  const { name, args } = splitCommand(request.text);
  if (name === "" || name === "help") return helpReply();

  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    const help = helpReply();
    return {
      ...help,
      blocks: [{ type: "text", lines: [[`Unknown command “${name}”.`]] }, ...help.blocks],
    };
  }

  const provider = await findProvider(context, request.user);
  if (!provider && !command.openToEveryone) {
    return textReply("private", [
      "Only registered providers can use ",
      { code: `/ccm ${command.name}` },
      ". Ask a practice admin to add you.",
    ]);
  }
  return command.run(context, { ...request, provider, args });
}

function splitCommand(text: string): { name: string; args: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return { name: (match?.[1] ?? "").toLowerCase(), args: match?.[2] ?? "" };
}

export function helpReply(): Reply {
  const lines = commands.map((command) => [
    { code: `/ccm ${command.usage}` },
    ` ${command.summary}`,
  ]);
  return textReply(
    "private",
    [
      "Log time by writing a message, such as “spent 15 min with J. Doe on diabetes meds”. Commands:",
    ],
    ...lines,
    [{ code: "/ccm help" }, " show this list"],
  );
}

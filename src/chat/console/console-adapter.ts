import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import type { PostSender } from "../../jobs/outbox-worker.ts";
import type { ServiceContext } from "../../services/context.ts";
import { handleMessage } from "../../services/handle-message.ts";
import type { UserIdentity } from "../../services/providers.ts";
import { runAction } from "../actions.ts";
import { enrollLineExample } from "../commands/enroll-line.ts";
import { runCommand } from "../commands/router.ts";
import { replyToMessage } from "../replies/message-replies.ts";
import { outboxPostReply } from "../replies/outbox-posts.ts";
import { type Reply, type ReplyButton, textReply } from "../reply.ts";
import { renderConsoleReply } from "./render.ts";

/** The console's one user: a local admin, so a newcomer can enroll and log at once. */
export const consoleUser: UserIdentity = {
  platform: "console",
  userId: "local",
  displayName: "console",
};

export interface ConsoleOptions {
  context: ServiceContext;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Waits until queued billing posts are printed, so output follows input order. */
  flushPosts: () => Promise<void>;
  banner?: string;
}

/** Reads one message or `/ccm` command per line until the input ends. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { context, output } = options;
  const write = (text: string) => output.write(`${text}\n`);
  if (options.banner) write(options.banner);
  write("Type a message or a /ccm command, one per line; end the input (Ctrl-D) to quit. Try:");
  write(`  ${enrollLineExample}`);
  write("  spent 15 min with J. Doe on diabetes meds");

  const session = randomUUID();
  let lineNumber = 0;
  let buttons: ReplyButton[] = [];
  const lines = createInterface({ input: options.input, terminal: false });
  for await (const rawLine of lines) {
    const line = rawLine.trim();
    lineNumber += 1;
    if (line === "") continue;
    const reply = await answerLine(context, line, buttons, `${session}:${lineNumber}`);
    if (reply) {
      const rendered = renderConsoleReply(reply);
      buttons = rendered.buttons;
      write(rendered.text);
    }
    await options.flushPosts();
  }
}

async function answerLine(
  context: ServiceContext,
  line: string,
  buttons: ReplyButton[],
  messageId: string,
): Promise<Reply | undefined> {
  const instant = context.now();
  try {
    const isNumber = /^\d+$/.test(line);
    const pressed = isNumber ? buttons[Number(line) - 1] : undefined;
    if (isNumber && !pressed) return noSuchButtonReply(buttons.length);
    if (pressed)
      return await runAction(context, {
        user: consoleUser,
        action: pressed.action,
        value: pressed.value,
        instant,
      });
    if (/^\/ccm\b/i.test(line)) {
      return await runCommand(context, {
        user: consoleUser,
        text: line.replace(/^\/ccm\b/i, ""),
        instant,
      });
    }
    const outcome = await handleMessage(context, {
      user: consoleUser,
      source: { platform: "console", channel: "console", messageId },
      text: line,
      instant,
    });
    return replyToMessage(outcome);
  } catch (error) {
    context.logger.error({ err: error }, "console line failed");
    return textReply("thread", [
      "Not recorded: the bot could not save this line. Please enter it again.",
    ]);
  }
}

/** Prints posts addressed to the `console` channel: billing posts and daily digests. */
export function createConsolePostSender(output: NodeJS.WritableStream): PostSender {
  return async (message) => {
    // Claim buttons are left out: a number typed later presses the buttons of the last reply.
    const post = outboxPostReply(message.kind, message.payload);
    const reply = { ...post, blocks: post.blocks.filter((block) => block.type !== "buttons") };
    const label = message.kind === "daily_digest" ? "digest" : "billing";
    output.write(`[${label}] ${renderConsoleReply(reply).text}\n`);
    return { platform: "console" };
  };
}

/** Said when a typed number matches no button of the previous reply. */
function noSuchButtonReply(buttonCount: number): Reply {
  if (buttonCount === 0) {
    return textReply("private", [
      "The previous answer had no buttons to press. Type a message or a /ccm command.",
    ]);
  }
  return textReply("private", [
    `Type a number from 1 to ${buttonCount} to press one of the buttons above.`,
  ]);
}

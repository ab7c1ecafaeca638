import { type Inline, plainLine, type Reply, type ReplyButton } from "../reply.ts";

/** Plain-text rendering of a reply; buttons become numbered choices the user can type. */
export function renderConsoleReply(reply: Reply): { text: string; buttons: ReplyButton[] } {
  const lines: string[] = [];
  const buttons: ReplyButton[] = [];
  for (const block of reply.blocks) {
    switch (block.type) {
      case "text":
        lines.push(...block.lines.map(renderLine));
        break;
      case "quote":
        lines.push(`  ${block.label}: ${block.text}`);
        break;
      case "context":
        lines.push(`  ${block.text}`);
        break;
      case "buttons":
        for (const button of block.buttons) {
          buttons.push(button);
          lines.push(`  [${buttons.length}] ${button.label}`);
        }
        break;
    }
  }
  if (buttons.length > 0) lines.push("  Type a number to press that button.");
  // The console is private to the person at the terminal, so files are printed in full.
  for (const file of reply.files ?? []) {
    lines.push(
      `----- ${file.filename} -----`,
      file.content.trimEnd(),
      `----- end of ${file.filename} -----`,
    );
  }
  return { text: lines.join("\n"), buttons };
}

function renderLine(line: Inline[]): string {
  return plainLine(line);
}

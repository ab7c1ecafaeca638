import type { RecordedConnectorCall } from "./fake-bot-connector.ts";

export interface CardButton {
  type: string;
  title: string;
  data: { action: string; value: string };
  style?: string;
}

interface CardContent {
  body: { type: string; actions?: CardButton[] }[];
}

/** Returns the Adaptive Card a recorded connector call carried, if any. */
export function cardOf(call: RecordedConnectorCall | undefined): CardContent | undefined {
  const attachments = (call?.body.attachments ?? []) as { content?: CardContent }[];
  return attachments[0]?.content;
}

/** Returns the card's body as JSON, for checks on the text it shows. */
export function cardText(call: RecordedConnectorCall | undefined): string {
  return JSON.stringify(cardOf(call)?.body ?? []);
}

/** Returns every button of the card's action sets, in order. */
export function cardButtons(call: RecordedConnectorCall | undefined): CardButton[] {
  const body = cardOf(call)?.body ?? [];
  return body.filter((element) => element.type === "ActionSet").flatMap((set) => set.actions ?? []);
}

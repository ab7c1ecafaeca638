import type { RecordedConnectorCall } from "./fake-bot-connector.ts";

export interface CardButton {
  type: string;
  title: string;
  data: { action: string; value: string } & Record<string, unknown>;
  style?: string;
}

/** One element of a card body; inputs have an `id` and may have a `value`. */
export interface CardElement {
  type: string;
  id?: string;
  value?: string;
  label?: string;
  title?: string;
  actions?: CardButton[];
  [key: string]: unknown;
}

interface CardContent {
  body: CardElement[];
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

/** Returns the card's Input.* elements, in order. */
export function cardInputs(call: RecordedConnectorCall | undefined): CardElement[] {
  return (cardOf(call)?.body ?? []).filter((element) => element.type.startsWith("Input."));
}

/**
 * Builds the `value` Teams sends when a card's button is pressed: the button's data merged with
 * every input's value by id. `inputs` are what the user typed or chose, by input id. The other
 * inputs keep the value the card showed, because the Teams client sends every input.
 */
export function cardSubmission(
  call: RecordedConnectorCall | undefined,
  buttonTitle: string,
  inputs: Record<string, string> = {},
): Record<string, unknown> {
  const button = cardButtons(call).find((candidate) => candidate.title === buttonTitle);
  if (!button) throw new Error(`The card has no button “${buttonTitle}”`);
  const values: Record<string, string> = {};
  for (const input of cardInputs(call)) {
    if (!input.id) continue;
    values[input.id] = inputs[input.id] ?? input.value ?? "";
  }
  return { ...button.data, ...values };
}

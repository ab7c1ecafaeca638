import type { ViewStateValue } from "@slack/bolt";
import type {
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  PlainTextOption,
} from "@slack/types";
import { isValidDate } from "../../time/calendar.ts";
import type { FormDefinition, FormField, FormValues } from "../forms/form.ts";

/** Slack caps `private_metadata` at 3000 characters. */
export const maxPrivateMetadata = 3000;

function plain(text: string) {
  return { type: "plain_text" as const, text, emoji: false };
}

function option(field: FormField, value: string): PlainTextOption | undefined {
  const found = field.options?.find((candidate) => candidate.value === value);
  return found ? { text: plain(found.label), value: found.value } : undefined;
}

/** Renders the Block Kit element of one field, prefilled with `value` where Slack accepts it. */
function renderElement(field: FormField, value: FormValues[string]): InputBlockElement {
  const text = typeof value === "string" ? value : undefined;
  switch (field.kind) {
    case "text":
    case "multiline":
      return {
        type: "plain_text_input",
        action_id: field.id,
        multiline: field.kind === "multiline",
        ...(text ? { initial_value: text } : {}),
        ...(field.placeholder ? { placeholder: plain(field.placeholder) } : {}),
        ...(field.maxLength ? { max_length: field.maxLength } : {}),
      };
    case "date":
      return {
        type: "datepicker",
        action_id: field.id,
        ...(text && isValidDate(text) ? { initial_date: text } : {}),
      };
    case "choice": {
      const initial = text ? option(field, text) : undefined;
      return {
        type: "radio_buttons",
        action_id: field.id,
        options: (field.options ?? []).map((choice) => ({
          text: plain(choice.label),
          value: choice.value,
        })),
        ...(initial ? { initial_option: initial } : {}),
      };
    }
    case "checklist": {
      const checked = (Array.isArray(value) ? value : [])
        .map((item) => option(field, item))
        .filter((item): item is PlainTextOption => item !== undefined);
      return {
        type: "checkboxes",
        action_id: field.id,
        options: (field.options ?? []).map((choice) => ({
          text: plain(choice.label),
          value: choice.value,
        })),
        ...(checked.length > 0 ? { initial_options: checked } : {}),
      };
    }
  }
}

/** Input blocks for a form; each block id and action id is the field id. */
export function renderFormBlocks(definition: FormDefinition, values: FormValues): KnownBlock[] {
  return definition.fields.map(
    (field): InputBlock => ({
      type: "input",
      block_id: field.id,
      label: plain(field.label),
      optional: field.optional ?? false,
      element: renderElement(field, values[field.id]),
      ...(field.hint ? { hint: plain(field.hint) } : {}),
    }),
  );
}

/** Renders a modal that shows a form. */
export function renderFormModal(
  definition: FormDefinition,
  values: FormValues,
  callbackId: string,
  privateMetadata: string,
): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(definition.title),
    submit: plain(definition.submitLabel),
    close: plain("Cancel"),
    private_metadata: privateMetadata,
    blocks: renderFormBlocks(definition, values),
  };
}

/** Reads a submitted modal's state back into form values, by field id. */
export function readFormState(
  definition: FormDefinition,
  state: Record<string, Record<string, ViewStateValue>>,
): FormValues {
  const values: FormValues = {};
  for (const field of definition.fields) {
    const entry = state[field.id]?.[field.id];
    if (!entry) continue;
    switch (field.kind) {
      case "text":
      case "multiline":
        values[field.id] = entry.value ?? undefined;
        break;
      case "date":
        values[field.id] = entry.selected_date ?? undefined;
        break;
      case "choice":
        values[field.id] = entry.selected_option?.value ?? undefined;
        break;
      case "checklist":
        values[field.id] = (entry.selected_options ?? []).map((selected) => selected.value);
        break;
    }
  }
  return values;
}

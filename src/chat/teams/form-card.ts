import type { Attachment } from "botbuilder";
import { isValidDate } from "../../time/calendar.ts";
import type { FieldErrors } from "../forms/enrollment-form.ts";
import type { FormDefinition, FormField, FormValue, FormValues } from "../forms/form.ts";
import { adaptiveCard, type CardElement, textRun } from "./render.ts";

/**
 * Prefix of every input id. Teams merges the inputs' values into the Action.Submit data by id,
 * so the prefix keeps a field from overwriting the action's own keys (`action`, `form`, …).
 */
const inputPrefix = "field.";

function inputId(field: FormField, option?: string): string {
  return option === undefined ? `${inputPrefix}${field.id}` : `${inputPrefix}${field.id}.${option}`;
}

/** Strings a toggle submits when checked and when not, set as its `valueOn` and `valueOff`. */
const toggleOn = "true";
const toggleOff = "false";

/**
 * Renders a form as an Adaptive Card with Input elements and one Action.Submit that sends
 * `submitData` plus the inputs. `values` fill the inputs. Each message of `errors` is shown under
 * its field in the attention color, and messages for ids that are not fields go above the form.
 * Every text is a TextRun, so neither values nor errors are read as Markdown.
 */
export function renderFormCard(
  definition: FormDefinition,
  values: FormValues,
  errors: FieldErrors,
  submitData: Record<string, unknown>,
): Attachment {
  const fieldIds = new Set(definition.fields.map((field) => field.id));
  const generalErrors = Object.entries(errors)
    .filter(([id]) => !fieldIds.has(id))
    .map(([, message]) => message);
  const hasErrors = Object.keys(errors).length > 0;

  const body: CardElement[] = [
    {
      type: "RichTextBlock",
      inlines: [textRun(definition.title, { weight: "Bolder", size: "Medium" })],
    },
  ];
  if (hasErrors) {
    body.push(
      errorText(
        ["Nothing was saved. Fix the marked fields and submit again.", ...generalErrors].join(" "),
      ),
    );
  }
  for (const field of definition.fields) {
    body.push(...renderField(field, values[field.id]));
    const error = errors[field.id];
    if (error) body.push(errorText(error));
  }
  body.push({
    type: "ActionSet",
    actions: [
      { type: "Action.Submit", title: definition.submitLabel, style: "positive", data: submitData },
    ],
  });
  return adaptiveCard(body, definition.title);
}

function renderField(field: FormField, value: FormValue): CardElement[] {
  const text = typeof value === "string" ? value : undefined;
  const common = { id: inputId(field), label: field.label, spacing: "Medium" };
  const elements: CardElement[] = [];
  switch (field.kind) {
    case "text":
    case "multiline":
      elements.push({
        type: "Input.Text",
        ...common,
        isMultiline: field.kind === "multiline",
        ...(text ? { value: text } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
      });
      break;
    case "date":
      elements.push({
        type: "Input.Date",
        ...common,
        ...(text && isValidDate(text) ? { value: text } : {}),
      });
      break;
    case "choice":
      elements.push({
        type: "Input.ChoiceSet",
        ...common,
        style: "expanded",
        isMultiSelect: false,
        choices: (field.options ?? []).map((option) => ({
          title: option.label,
          value: option.value,
        })),
        ...(text ? { value: text } : {}),
      });
      break;
    case "checklist":
      elements.push(...renderChecklist(field, value));
      break;
  }
  if (field.hint) {
    elements.push({
      type: "RichTextBlock",
      spacing: "Small",
      inlines: [textRun(field.hint, { isSubtle: true, size: "Small" })],
    });
  }
  return elements;
}

/** Renders a checklist as a label and one Input.Toggle per option, each its own input. */
function renderChecklist(field: FormField, value: FormValue): CardElement[] {
  const checked = new Set<string>();
  if (Array.isArray(value)) for (const item of value) checked.add(item);
  else if (typeof value === "string") checked.add(value);
  return [
    { type: "RichTextBlock", spacing: "Medium", inlines: [textRun(field.label)] },
    ...(field.options ?? []).map((option) => ({
      type: "Input.Toggle",
      id: inputId(field, option.value),
      title: option.label,
      wrap: true,
      valueOn: toggleOn,
      valueOff: toggleOff,
      value: checked.has(option.value) ? toggleOn : toggleOff,
    })),
  ];
}

function errorText(message: string): CardElement {
  return {
    type: "RichTextBlock",
    spacing: "Small",
    inlines: [textRun(message, { color: "Attention", weight: "Bolder" })],
  };
}

/**
 * Reads the inputs of a submitted form card back into form values by field id. Inputs that are
 * missing or not strings count as empty, as a client that leaves a field out would send them.
 */
export function readFormCard(
  definition: FormDefinition,
  submitted: Record<string, unknown>,
): FormValues {
  const read = (id: string): string | undefined => {
    const value = submitted[id];
    return typeof value === "string" ? value : undefined;
  };
  const values: FormValues = {};
  for (const field of definition.fields) {
    if (field.kind === "checklist") {
      values[field.id] = (field.options ?? [])
        .filter((option) => read(inputId(field, option.value)) === toggleOn)
        .map((option) => option.value);
    } else {
      values[field.id] = read(inputId(field));
    }
  }
  return values;
}

/**
 * Checks the fields' `maxLength` on the server. The Teams client stops typing at the limit, but a
 * submission is only data, and a value far over it would not fit in the confirmation card.
 */
export function overLengthErrors(definition: FormDefinition, values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of definition.fields) {
    const value = values[field.id];
    if (field.maxLength && typeof value === "string" && value.length > field.maxLength) {
      errors[field.id] = `${field.label} is too long: use at most ${field.maxLength} characters.`;
    }
  }
  return errors;
}

/**
 * Platform-neutral forms. A definition lists the fields; each adapter renders it in its own
 * dialog (Slack modal input blocks, Teams Adaptive Card inputs) and hands the submitted values
 * back as `FormValues`, keyed by field id. Validation and every rule stay in the shared code.
 */

export type FormFieldKind =
  /** One line of text. */
  | "text"
  /** Several lines of text. */
  | "multiline"
  /** A calendar date, submitted as `YYYY-MM-DD`. */
  | "date"
  /** Exactly one of `options`, submitted as its value. */
  | "choice"
  /** Any of `options`, submitted as a list of values. */
  | "checklist";

export interface FormOption {
  value: string;
  label: string;
}

export interface FormField {
  id: string;
  label: string;
  kind: FormFieldKind;
  /** Required fields are checked by the shared validation too, so a platform may skip its own. */
  optional?: boolean;
  hint?: string;
  placeholder?: string;
  maxLength?: number;
  options?: FormOption[];
}

export interface FormDefinition {
  id: string;
  /** Short: Slack caps modal titles at 24 characters. */
  title: string;
  submitLabel: string;
  fields: FormField[];
}

/** A submitted or prefilled value: text, a date, a chosen option, or the checked options. */
export type FormValue = string | string[] | undefined;
export type FormValues = Record<string, FormValue>;

/** The forms an adapter can be asked to open. */
export type FormName = "enrollment";

/** A request to open a form, prefilled, optionally tied to a waiting log. */
export interface FormRequest {
  name: FormName;
  values: FormValues;
  /** The waiting log to record once the form's enrollment is written. */
  pendingLogId?: number;
}

/** The text of a single-value field, trimmed; empty and absent both give "". */
export function textValue(values: FormValues, id: string): string {
  const value = values[id];
  return typeof value === "string" ? value.trim() : "";
}

/** The checked options of a checklist field. */
export function listValue(values: FormValues, id: string): string[] {
  const value = values[id];
  if (Array.isArray(value)) return value;
  return typeof value === "string" && value !== "" ? [value] : [];
}

import { formatDate, isValidDate } from "./calendar.ts";

/**
 * Reads a date typed by a person or exported by a spreadsheet: `YYYY-MM-DD` or US `M/D/YYYY`.
 * Anything else, or an impossible day such as 2/30/2026, gives undefined.
 */
export function readDate(text: string): string | undefined {
  const trimmed = text.trim();
  if (isValidDate(trimmed)) return trimmed;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (!us) return undefined;
  const date = formatDate(Number(us[3]), Number(us[1]), Number(us[2]));
  return isValidDate(date) ? date : undefined;
}

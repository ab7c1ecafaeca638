import type { TextSpan } from "../patients/types.ts";

/**
 * Masking hides words from a later step without moving any offset: each masked character
 * becomes a space, so spans found in the masked text still index the cleaned text.
 */

/** Replaces the characters inside `spans` with spaces; newlines are kept. */
export function maskSpans(text: string, spans: readonly TextSpan[]): string {
  if (spans.length === 0) return text;
  const ordered = [...spans].sort((left, right) => left.start - right.start);
  let masked = "";
  let position = 0;
  for (const span of ordered) {
    const start = Math.max(span.start, position);
    if (span.end <= start) continue;
    masked += text.slice(position, start) + blank(text.slice(start, span.end));
    position = span.end;
  }
  return masked + text.slice(position);
}

/** Blood pressures "142/88" (a first part above 12 cannot be a month) and "BP 120/80". */
const bloodPressures =
  /\b(?:bp[ \t:]*\d{2,3}[ \t]*\/[ \t]*\d{2,3}|(?:1[3-9]|[2-9]\d|\d{3})[ \t]*\/[ \t]*\d{2,3})\b/gi;
/** Lab values and vital signs such as "A1c 8.1", "LDL 130", "K 4.2", "glucose 250". */
const labValues =
  /\b(?:hba1c|a1c|ldl|hdl|inr|bmi|egfr|gfr|tsh|bnp|psa|k|na|cr|bun|hgb|glucose|bg|fbg|sugar|weight|wt|temp|hr|pulse|rr|o2|spo2|sats?)\b[ \t]*(?:is|of|was|at|[:=])?[ \t]*\d{1,4}(?:\.\d+)?[ \t]*%?/gi;

/**
 * Scores and fractions written like "M/D": a rating after a score word ("pain 2/10", "PHQ-9
 * score 5/27"), a fraction of a dose ("1/2 tab") and "24/7".
 */
const clinicalFractions =
  /\b(?:(?:pain|score|scale|rated|rating|level)[ \t]*(?:is|of|was|at|[:=])?[ \t]*\d{1,2}[ \t]*\/[ \t]*\d{1,3}|\d{1,2}[ \t]*\/[ \t]*\d{1,2}(?=[ \t]*(?:tabs?|tablets?|pills?|caps?|capsules?|doses?|cups?|units?)\b)|24[ \t]*\/[ \t]*7)\b/gi;

/**
 * Masks blood pressures, lab values and clinical fractions, which date parsers would read as
 * dates or times.
 */
export function maskClinicalValues(text: string): string {
  return text
    .replace(bloodPressures, blank)
    .replace(labValues, blank)
    .replace(clinicalFractions, blank);
}

function blank(part: string): string {
  return part.includes("\n") ? part.replace(/[^\n]/g, " ") : " ".repeat(part.length);
}

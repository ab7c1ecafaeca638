import type { TextSpan } from "./types.ts";

/** A medical record number written in a message. */
export interface MrnMention {
  mrn: string;
  /** The mention as written, such as "MRN 100234" or "#311762". */
  text: string;
  span: TextSpan;
}

/**
 * "MRN 100234", "mrn:405530", "MRN# 100234", "MRN no. 100234", and the label as speech-to-text
 * writes it: "m r n 100234", "M.R.N. 100234", "medical record number 100234".
 */
const labelledMrn =
  /\b(?:mrn|m\.?[ \t]?r\.?[ \t]?n\b\.?|medical[ \t]+record)\s*(?:#|:|no\.?|number)?\s*:?\s*(\d{3,15})\b/gi;
const mrnLabel = /mrn|m\.?[ \t]?r\.?[ \t]?n\b|medical[ \t]+record/i;
/** "#311762" at a word start; four digits at least, so "#2" in a list is not an MRN. */
const hashMrn = /(?<![\p{L}\p{N}])#\s?(\d{4,15})\b/gu;

/** Finds every MRN mention in `text`, in order of appearance. */
export function findMrnMentions(text: string): MrnMention[] {
  const mentions: MrnMention[] = [];
  if (!text.includes("#") && !mrnLabel.test(text)) return mentions;
  for (const pattern of [labelledMrn, hashMrn]) {
    for (const match of text.matchAll(pattern)) {
      const digits = match[1] ?? "";
      const start = match.index;
      const end = start + match[0].length;
      if (mentions.some((known) => known.span.start < end && start < known.span.end)) continue;
      mentions.push({ mrn: digits, text: match[0], span: { start, end } });
    }
  }
  return mentions.sort((left, right) => left.span.start - right.span.start);
}

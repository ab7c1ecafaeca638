/**
 * Finds a sign-off at the end of a message ("— Kelly, RN", "-Kelly", "Thanks, Kelly"), whose
 * name is the writer's and never the patient's.
 */

const credentials = "RN|LPN|LVN|MA|CMA|CNA|NP|APRN|FNP|PA|PA-C|MD|DO|PharmD|RPh|MSW|LCSW|BSN|CCM";
const signerName = String.raw`\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,2}`;
const credentialSuffix = String.raw`(?:\s*,?\s*(?:${credentials}))`;

/**
 * A last line that starts with an em dash, "--", "~" or a sign-off word, or that ends with a
 * credential. A single hyphen needs the credential too, because "- Tom Bush" is a list item.
 */
const signatureLine = new RegExp(
  String.raw`\n[ \t]*(?:(?:(?:[–—~]|--)[-–—~]*[ \t]*|(?:[Tt]hanks|[Tt]hx|[Tt]hank you|[Cc]heers),?[ \t]*)${signerName}${credentialSuffix}?|-?[ \t]*${signerName}${credentialSuffix})[ \t.]*\s*$`,
  "u",
);

/** A dash and a name with a credential at the end of a one-line message ("... — Kelly, RN"). */
const inlineSignature = new RegExp(
  String.raw`[ \t]+[-–—~]+[ \t]*${signerName}${credentialSuffix}[ \t.]*$`,
  "u",
);

/** Returns the offset where a trailing signature starts, or `text.length` when there is none. */
export function findSignatureStart(text: string): number {
  const tail = text.length > 200 ? text.length - 200 : 0;
  const end = text.slice(tail);
  const match = signatureLine.exec(end) ?? inlineSignature.exec(end);
  return match === null ? text.length : tail + match.index;
}

/**
 * Text clean-up, the first step of parsing: turns chat markup and dictation noise into plain
 * text. Later steps index into the cleaned text, never into the original.
 */

const lineBreaks = /\r\n?|[\u2028\u2029\u0085]/g;
/** Control characters other than newline and tab, which become spaces. */
const controlCharacters = /[^\P{Cc}\n\t]/gu;
/** Zero-width, bidirectional and other invisible format characters, which are dropped. */
const formatCharacters = /\p{Cf}/gu;
const nonAscii = /[\u0080-\uffff]/;

/** Slack user, group and broadcast mentions such as `<@U123>` or `<!here>`; none is a patient. */
const slackMentions = /<[@!][^<>\n]{0,200}>/g;
/** Slack channel links `<#C123|general>`, kept as the channel name. */
const slackChannels = /<#[^<>|\n]{0,200}\|([^<>\n]{0,200})>/g;
/** Slack links `<https://x|label>`, kept as the label; bare links are dropped. */
const slackLabelledLinks = /<(?:https?|mailto|tel):[^<>|\n]{0,2000}\|([^<>\n]{0,2000})>/g;
const slackBareLinks = /<(?:https?|mailto|tel):[^<>\n]{0,2000}>/g;
const htmlEntities = /&(amp|lt|gt|quot|#39);/g;
const entityText: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
};

/** Emoji shortcodes such as `:wave:` or `:white_check_mark:`; at least one letter, no spaces. */
const emojiShortcodes = /:[a-z0-9_+-]*[a-z][a-z0-9_+-]*:/gi;
const curlyApostrophes = /[‘’ʼ′´]/g;
const curlyQuotes = /[“”„″]/g;
/** En dashes, minus signs and other short dashes become "-"; so "20–30 min" reads as a range. */
const shortDashes = /[‐‑‒–−﹣－]/g;
/** Em dashes become "--" so that a sign-off line ("— Kelly") stays distinct from a list item. */
const longDashes = /[—―]/g;
/** Bold, italic and code marks of Slack and Teams markdown. */
const emphasisMarks = /[*_`]/g;
/**
 * List markers at a line start: bullets, a single hyphen, or "1." and "2)". A hyphen that touches
 * a digit is a minus sign ("-15 min"), so it stays.
 */
const bullets = /^[ \t]*(?:[•◦▪▫‣∙·●○■□➢➤►▶✓✔☐☑]|-(?![-\d])|\d{1,2}[.)](?!\d))[ \t]*/gm;
/** Dictation fillers: "um", "umm", "uh", "uhh", "uhm", "erm", "hmm". */
const fillers = /\b(?:u+m+|u+h+m*|e+r+m+|h+m+)\b[ \t]*,?/gi;
const horizontalSpace = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;
const spaceAroundNewline = / ?\n ?/g;

/** Returns `text` without chat markup, emoji shortcodes, list bullets or fillers. */
export function cleanMessageText(text: string): string {
  let cleaned = text.replace(lineBreaks, "\n").replace(controlCharacters, " ");
  if (nonAscii.test(cleaned)) cleaned = cleaned.replace(formatCharacters, "");
  if (nonAscii.test(cleaned)) cleaned = cleaned.normalize("NFC");
  if (cleaned.includes("<")) cleaned = removeSlackMarkup(cleaned);
  if (cleaned.includes("&"))
    cleaned = cleaned.replace(htmlEntities, (_, name: string) => entityText[name] ?? "");
  if (cleaned.includes(":")) cleaned = cleaned.replace(emojiShortcodes, " ");
  if (nonAscii.test(cleaned)) cleaned = normalizePunctuation(cleaned);
  return cleaned
    .replace(emphasisMarks, " ")
    .replace(bullets, "")
    .replace(fillers, " ")
    .replace(horizontalSpace, " ")
    .replace(spaceAroundNewline, "\n")
    .trim();
}

function removeSlackMarkup(text: string): string {
  return text
    .replace(slackChannels, "#$1")
    .replace(slackLabelledLinks, "$1")
    .replace(slackBareLinks, " ")
    .replace(slackMentions, " ");
}

function normalizePunctuation(text: string): string {
  return text
    .replace(curlyApostrophes, "'")
    .replace(curlyQuotes, '"')
    .replace(shortDashes, "-")
    .replace(longDashes, "--");
}

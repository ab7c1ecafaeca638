/**
 * Word patterns that classify what a message requests. The parser combines them with the
 * durations and the patient reference it found (see parse-message.ts).
 */

/**
 * "undo", "undo that", "scratch that last one", "delete my last entry", "oops, undo". The whole
 * message must be the request, so a note that mentions "cancel" is not one.
 */
const undoRequest =
  /^(?:(?:oops|sorry|oh|please)[ ,!.]*)*(?:undo|scratch|delete|remove|cancel|revert|void)(?:[ ,]+(?:that|this|it|my|the|last|latest|previous|one|entry|log|time|please))*[ .!]*$/i;

/** Question words about a running total. */
const totalQuestion =
  /\b(?:how (?:many|much)|totals?|so far|this month|balance|where (?:is|are|does|do)|what(?:'s| is| are| does))\b/i;
const questionStart = /^(?:total|how|what|where|show|check|sum)\b/i;

/**
 * Care activity words: a duration with one of these is a log even without a patient, and a
 * patient with one is a log that lacks its duration.
 */
const careActivity =
  /\b(?:spent|spend|call(?:ed|s|ing)?|phone(?:d)?|tele(?:phone|health|visit)|chart|review(?:ed|ing)?|med(?:ication)?s?[ -]?rec|reconcil\w*|f\/u|follow(?:ed|ing)?[ -]?up|coordinat\w*|discuss\w*|talk(?:ed)?|spoke|counsel\w*|educat\w*|refills?|care[ -]plan|prior[ -]auth\w*|fax(?:ed)?|messag(?:e|ed|ing)|voicemail|vm|outreach|check(?:ed)?[ -]in|assess\w*|titrat\w*|arrang\w*|referr\w*|consult\w*|monitor\w*|log(?:ged)?|manag\w*|document\w*|updated?)\b/i;

/** Everyday plans that are not care ("meeting in 15 min", "lunch at noon?"). */
const socialActivity = /\b(?:lunch|meeting|huddle|coffee|break|late|vacation|pto|ooo)\b/i;

/** Returns true when the whole message requests removal of the last entry. */
export function isUndoRequest(text: string): boolean {
  return text.length <= 80 && undoRequest.test(text);
}

/** Returns true for a question about minutes so far ("total for mrn 204518?"). */
export function isTotalQuestion(text: string): boolean {
  if (!totalQuestion.test(text)) return false;
  return text.includes("?") || questionStart.test(text);
}

export function hasCareActivity(text: string): boolean {
  return careActivity.test(text);
}

export function hasSocialActivity(text: string): boolean {
  return socialActivity.test(text);
}

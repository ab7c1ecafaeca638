/**
 * Word lists that keep ordinary words from being read as patient names. Entries are folded
 * (lower case, no accents or apostrophes) to compare with folded message tokens.
 */

/** Month and weekday names and their abbreviations, which are dates before they are names. */
export const calendarWords: ReadonlySet<string> = new Set(
  (
    "january february march april may june july august september october november december " +
    "jan feb mar apr jun jul aug sep sept oct nov dec " +
    "monday tuesday wednesday thursday friday saturday sunday " +
    "mon tue tues wed thu thur thurs fri sat sun " +
    "today tonight yesterday tomorrow morning afternoon evening noon midnight week month year"
  ).split(" "),
);

/**
 * English words that are also first names or surnames somewhere, plus the vocabulary of care
 * team chat. A single-word name match on one of them needs more evidence (capitals, a cue word).
 */
export const commonWords: ReadonlySet<string> = new Set(
  [
    "a an and are as at be been but by can could did do does done for from had has have he her",
    "here him his how i if in is it its me my no not of on or our out she so than that the",
    "their them then there they this to too up us was we were what when where which who why",
    "will with would you your yes ok okay hi hello hey thanks thank please sorry good great",
    "fine also just still again about after before over under into onto per via re w pt",
    "patient patients pts spent spend call calls called calling phone phoned talked spoke",
    "chart review reviewed reviewing med meds medication medications rec reconciliation",
    "care plan plans coordination coordinated coordinating discussed discussing refill",
    "refills labs lab results note notes log logged total minutes minute min mins hour",
    "hours hr hrs time team nurse doctor dr provider pharmacy insurance home health family",
    "daughter son wife husband mother father mom dad sister brother caregiver left message",
    "voicemail follow up f u fu visit appointment referral orders order faxed fax sent",
    "new last next first second third other another some all any each both few many more",
    "most much very well sick pain diet blood pressure sugar glucose insulin meeting huddle",
    "lunch break late early ago now soon later done check checked update updated",
    // Dictated numbers, titles and common conditions, which follow a spoken name in lower case.
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety",
    "hundred quarter mr mrs ms miss mister diabetes diabetic copd chf htn hypertension heart",
    "failure kidney ckd dementia depression anxiety asthma afib warfarin coumadin metformin",
    "statin inhaler oxygen dialysis wound weight bp a1c",
    // Words that double as given names or surnames.
    "will bill mark grant hope joy rose faith grace page price long young white brown green",
    "black king hall wood hill cook bell ward stone love day rich sharp chase cash frank pat",
    "sue don art ray dawn summer winter iris ivy holly lily daisy amber ruby pearl crystal sky",
    "river rice lane bush may april june august carol gay guy joy major miles moody noble",
    "park parker porter rivers roman rush sales shepherd short small snow strong wells west",
  ]
    .join(" ")
    .split(" ")
    .concat([...calendarWords]),
);

/**
 * How a patient is shown. Channel posts use `initials` and `mrn` only (the minimum necessary);
 * `name` is for direct messages and private views.
 */
export interface PatientLabel {
  id: number;
  initials: string;
  mrn: string;
  name: string;
  dateOfBirth: string | null;
}

/** Initials of the first and last words of a name: "Luis De la Cruz" gives "L.C.". */
export function initialsOf(name: string): string {
  const words = name
    .normalize("NFC")
    .split(/[\s,]+/)
    .filter((word) => /\p{L}/u.test(word));
  const first = words[0];
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return [first, last]
    .filter((word): word is string => word !== undefined)
    .map((word) => `${firstLetter(word).toUpperCase()}.`)
    .join("");
}

function firstLetter(word: string): string {
  return /\p{L}/u.exec(word)?.[0] ?? "";
}

export function labelPatient(patient: {
  id: number;
  name: string;
  mrn: string;
  dateOfBirth: string | null;
}): PatientLabel {
  return {
    id: patient.id,
    initials: initialsOf(patient.name),
    mrn: patient.mrn,
    name: patient.name,
    dateOfBirth: patient.dateOfBirth,
  };
}

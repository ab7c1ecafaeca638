/**
 * The stored matching key of a patient name: lower case, accents dropped, apostrophes and periods
 * removed, hyphens read as spaces ("Zoë Müller-O’Neil" gives "zoe muller oneil").
 */
export function normalizePatientName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’‘.]/g, "")
    .replace(/[-‐–]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export { buildRosterIndex, type RosterIndex } from "../patients/roster-index.ts";
export type { PatientReference, RosterEntry } from "../patients/types.ts";
export { type ParseContext, parseMessage } from "./parse-message.ts";
export type { Intent, ParsedMessage, ParseError, ParseErrorCode } from "./types.ts";

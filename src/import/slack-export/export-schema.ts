import { z } from "zod";

/**
 * The parts of Slack's workspace export format that the import reads. Objects are loose because
 * exports carry many more fields, and optional fields accept null, which some exports write
 * instead of leaving a field out.
 */

const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

/** Slack's message timestamp: seconds since the epoch, a dot and six digits; unique per channel. */
export const slackTs = z
  .string()
  .regex(/^\d+\.\d+$/, "expected a Slack ts such as 1772460900.000100");

/** One entry of channels.json, groups.json or mpims.json (name set) or dms.json (no name). */
export const conversationSchema = z.looseObject({
  id: z.string().min(1),
  name: optionalText,
});

export const conversationListSchema = z.array(conversationSchema);

/** One entry of users.json; only the id and the names shown in the report are read. */
export const userSchema = z.looseObject({
  id: z.string().min(1),
  name: optionalText,
  real_name: optionalText,
  profile: z
    .looseObject({ display_name: optionalText, real_name: optionalText })
    .nullish()
    .transform((value) => value ?? undefined),
});

export const userListSchema = z.array(userSchema);

/** The `edited` marker of a message. Its `ts` is the version, as in a live `message_changed`. */
const editedSchema = z.looseObject({ ts: optionalText }).nullish();

/** The new version of a message inside a `message_changed` record. */
const changedMessageSchema = z.looseObject({
  ts: slackTs,
  text: optionalText,
  subtype: optionalText,
  edited: editedSchema,
});

/** One record of a channel's day file: a message, or a change or deletion of an earlier one. */
export const messageSchema = z.looseObject({
  ts: slackTs,
  subtype: optionalText,
  user: optionalText,
  bot_id: optionalText,
  text: optionalText,
  thread_ts: optionalText,
  edited: editedSchema,
  /** On `message_deleted`: the ts of the message that was deleted. */
  deleted_ts: optionalText,
  /** On `message_changed`: the message as it reads after the change. */
  message: changedMessageSchema.nullish(),
});

export type ExportConversation = z.infer<typeof conversationSchema>;
export type ExportUser = z.infer<typeof userSchema>;
export type ExportMessageRecord = z.infer<typeof messageSchema>;

/** A day file's name: the date in the channel folder, `YYYY-MM-DD.json`. */
export const dayFileName = /^(\d{4}-\d{2}-\d{2})\.json$/;

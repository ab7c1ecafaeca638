import { z } from "zod";

/**
 * The fields of Slack message events that the bot reads, checked before use. Slack omits some
 * fields in odd cases, such as the top-level `text` of `message_changed` or the `user` of bot
 * posts. So every field a listener can do without is optional, and an event that lacks a required
 * one is dropped with a warning instead of failing a handler.
 */

const slackId = z.string().min(1).max(255);
/** Slack message timestamps: seconds since the epoch, a dot and six digits. */
const slackTs = z.string().regex(/^\d{1,12}\.\d{1,6}$/);

/** A message as Slack nests it inside `message_changed` and `message_deleted`. */
const nestedMessageSchema = z.object({
  subtype: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: slackTs,
  thread_ts: slackTs.optional(),
  edited: z.object({ ts: slackTs }).optional(),
});

/** The fields of an attached file that the bot reads: voice clip transcripts and CSV uploads. */
const fileSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  mimetype: z.string().optional(),
  subtype: z.string().optional(),
  transcription: z
    .looseObject({
      status: z.string().optional(),
      preview: z
        .looseObject({ content: z.string().optional(), has_more: z.boolean().optional() })
        .optional(),
    })
    .optional(),
});

/** A new post in a channel or DM, or an `app_mention` of the bot. */
export const userPostEventSchema = z.object({
  subtype: z.string().optional(),
  channel: slackId,
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: slackTs,
  thread_ts: slackTs.optional(),
  files: z.array(fileSchema).optional(),
});
export type SlackMessageEvent = z.infer<typeof userPostEventSchema>;

export const messageChangedEventSchema = z.object({
  subtype: z.literal("message_changed"),
  channel: slackId,
  channel_type: z.string().optional(),
  message: nestedMessageSchema,
  previous_message: nestedMessageSchema.partial().optional(),
});
export type SlackMessageChangedEvent = z.infer<typeof messageChangedEventSchema>;

export const messageDeletedEventSchema = z.object({
  subtype: z.literal("message_deleted"),
  channel: slackId,
  channel_type: z.string().optional(),
  deleted_ts: slackTs,
  previous_message: nestedMessageSchema.partial().optional(),
});
export type SlackMessageDeletedEvent = z.infer<typeof messageDeletedEventSchema>;

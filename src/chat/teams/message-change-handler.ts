import type { Activity, TurnContext } from "botbuilder";
import { applyMessageDeletion } from "../../services/delete-encounter.ts";
import { applyMessageEdit } from "../../services/edit-encounter.ts";
import type { EditOutcome } from "../../services/edit-outcome.ts";
import type { MessageSource } from "../../services/log-encounter.ts";
import { changeNotAppliedReply, replyToEdit } from "../replies/edit-replies.ts";
import type { Reply } from "../reply.ts";
import { activityInstant, teamsUser } from "./activity-fields.ts";
import { botMentionNames, cleanTeamsText } from "./message-text.ts";
import { deliverReply } from "./reply-delivery.ts";
import type { TeamsRuntime } from "./teams-runtime.ts";

/**
 * Handles a `messageUpdate` activity with `eventType` `editMessage`: the encounter the message
 * recorded follows its new text, as a Slack edit does. The activity carries the id of the edited
 * message, so it finds the encounter by the same key as the original message.
 */
export async function handleTeamsEdit(runtime: TeamsRuntime, turn: TurnContext): Promise<void> {
  const { context } = runtime;
  const activity = turn.activity;
  const user = teamsUser(activity);
  const text = cleanTeamsText(activity.text ?? "", botMentionNames(activity));
  const replies = await runChange(runtime, activity, "edit", () =>
    applyMessageEdit(context, {
      user,
      source: sourceOf(activity),
      text,
      instant: sentInstant(activity, context.now),
      revision: revisionOf(activity),
    }),
  );
  for (const reply of replies) await deliverReply(turn, reply, runtime);
}

/**
 * Handles a `messageDelete` activity with `eventType` `softDeleteMessage`: the encounter of the
 * deleted message is voided and its month's claims are re-evaluated.
 * TODO: an `undeleteMessage` (a restored message) is not handled, so its time stays voided until
 * it is logged again.
 */
export async function handleTeamsDeletion(runtime: TeamsRuntime, turn: TurnContext): Promise<void> {
  const activity = turn.activity;
  const replies = await runChange(runtime, activity, "deletion", () =>
    applyMessageDeletion(runtime.context, sourceOf(activity)),
  );
  for (const reply of replies) await deliverReply(turn, reply, runtime);
}

/**
 * Builds the message key exactly as `handleTeamsMessage` does for the original message.
 * NOTE: this assumes that Teams sends an edit or deletion in a channel thread with the same
 * conversation id (`…;messageid=<root>`) as the message. Only the fake connector was tested.
 */
function sourceOf(activity: Activity): MessageSource {
  return { platform: "teams", channel: activity.conversation.id, messageId: activity.id ?? "" };
}

/**
 * Returns when the edited message was first sent, the reference for "today" in its text. A
 * 13-digit id is read as that time in epoch milliseconds, the form Teams message ids have.
 * Any other id falls back to the activity's timestamp, which for an edit is the edit's time.
 * NOTE: Microsoft does not document this id form, so it is not guaranteed.
 */
function sentInstant(activity: Activity, now: () => Date): Date {
  const id = activity.id ?? "";
  if (/^\d{13}$/.test(id)) return new Date(Number(id));
  return activityInstant(activity, now);
}

/**
 * Returns the edit's timestamp in epoch milliseconds, as a decimal string, so that an older edit
 * delivered after a newer one is skipped. Without a usable timestamp every edit is applied.
 */
function revisionOf(activity: Activity): string | undefined {
  const editedAt = activity.timestamp ? new Date(activity.timestamp).getTime() : Number.NaN;
  return Number.isNaN(editedAt) ? undefined : String(editedAt);
}

/** Runs an edit or deletion. A failure is logged and gets a reply, so it is never silent. */
async function runChange(
  runtime: TeamsRuntime,
  activity: Activity,
  kind: "edit" | "deletion",
  change: () => Promise<EditOutcome>,
): Promise<Reply[]> {
  try {
    return replyToEdit(await change());
  } catch (error) {
    runtime.context.logger.error(
      { err: error, conversationId: activity.conversation.id, activityId: activity.id },
      `Teams message ${kind} not applied`,
    );
    return [changeNotAppliedReply(kind)];
  }
}

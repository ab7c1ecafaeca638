import type { Activity } from "botbuilder";
import type { UserIdentity } from "../../services/providers.ts";
import type { StoredConversationReference } from "../../services/teams-conversations.ts";

/**
 * Returns the Teams user behind an activity. Providers and `CCM_ADMINS` use the Azure AD object
 * id, because it is the same in every team and chat of the tenant. `from.id` (`29:…`) is the
 * fallback for the Bot Framework Emulator, which sends no AAD id.
 */
export function teamsUser(activity: Activity): UserIdentity {
  return {
    platform: "teams",
    userId: activity.from.aadObjectId ?? activity.from.id,
    displayName: activity.from.name,
  };
}

/** Returns the tenant: `conversation.tenantId`, or `channelData.tenant.id` in channels. */
export function activityTenant(activity: Activity): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation.tenantId ?? channelData?.tenant?.id;
}

/**
 * Removes the `;messageid=…` that Teams appends to the conversation id inside a channel thread,
 * so a whole channel has one id, the one to put in `CCM_BILLING_CHANNEL=teams:<id>`.
 */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(";")[0] ?? conversationId;
}

/** Extracts what a later proactive post to this activity's conversation needs, without the user. */
export function storedReference(activity: Activity): StoredConversationReference {
  const tenantId = activityTenant(activity);
  return {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    bot: { id: activity.recipient.id, name: activity.recipient.name },
    conversation: {
      id: baseConversationId(activity.conversation.id),
      conversationType: activity.conversation.conversationType,
      ...(tenantId ? { tenantId } : {}),
      ...(activity.conversation.isGroup !== undefined
        ? { isGroup: activity.conversation.isGroup }
        : {}),
    },
  };
}

/** When the user sent the activity, falling back to `now` when Teams sent no usable timestamp. */
export function activityInstant(activity: Activity, now: () => Date): Date {
  const sent = activity.timestamp ? new Date(activity.timestamp) : undefined;
  return sent && !Number.isNaN(sent.getTime()) ? sent : now();
}

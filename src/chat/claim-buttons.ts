import { isSettableClaimState } from "../billing/claim-states.ts";
import { changeClaimStatus } from "../services/claim-status.ts";
import type { ServiceContext } from "../services/context.ts";
import type { Provider } from "../services/providers.ts";
import {
  billingPayloadSchema,
  billingPostReply,
  claimStatusReply,
} from "./replies/billing-replies.ts";
import { type Reply, textReply } from "./reply.ts";

/**
 * A claim-state button on a billing post; `value` is `CLAIM_ID:STATE`. A change returns the
 * post as it now reads, which replaces the post the button was on.
 */
export async function setClaimStatus(
  context: ServiceContext,
  provider: Provider,
  value: string,
): Promise<Reply> {
  const [claimText, state = ""] = value.split(":");
  const claimId = Number(claimText);
  if (!Number.isInteger(claimId) || !isSettableClaimState(state)) {
    return textReply("private", ["That button is out of date. Find the claim's latest post."]);
  }
  const result = await changeClaimStatus(context, provider, claimId, state);
  switch (result.status) {
    case "changed":
      return claimStatusReply(
        billingPayloadSchema.parse(result.claim),
        result.changedBy,
        result.changedOn,
      );
    case "not_allowed":
      return textReply("private", [
        "Only billing staff or an admin can change a claim's state. Nothing changed.",
      ]);
    case "not_found":
      return textReply("private", [`Claim ${result.claimId} no longer exists. Nothing changed.`]);
    case "invalid_transition": {
      const current = billingPostReply("claim_status", billingPayloadSchema.parse(result.claim));
      return {
        ...current,
        audience: "private",
        blocks: [
          {
            type: "text",
            lines: [
              [
                `Not changed: the claim is ${result.claim.status}, so it cannot be marked ${result.requested}. It now reads:`,
              ],
            ],
          },
          ...current.blocks.filter((block) => block.type !== "buttons"),
        ],
      };
    }
  }
}

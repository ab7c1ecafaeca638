/**
 * The claim lifecycle as data. A claim starts `pending` when earned. Billing staff move it to
 * `submitted` when it goes to the payer, then to `paid` or `rejected`. A rejected claim may be
 * corrected and submitted again. `void` is set only by the rules, when the minutes no longer earn
 * the code, and only while the claim is pending or rejected.
 */
export const claimStates = ["pending", "submitted", "paid", "rejected", "void"] as const;
export type ClaimState = (typeof claimStates)[number];

/** States billing staff can set by hand. */
export const settableClaimStates = ["submitted", "paid", "rejected"] as const;
export type SettableClaimState = (typeof settableClaimStates)[number];

/** For each state billing staff can set, the states a claim may be in beforehand. */
export const claimTransitions: Record<SettableClaimState, readonly ClaimState[]> = {
  submitted: ["pending", "rejected"],
  paid: ["submitted"],
  rejected: ["submitted"],
};

export function canChangeClaimState(from: ClaimState, to: SettableClaimState): boolean {
  return claimTransitions[to].includes(from);
}

/** The states billing staff may move a claim to next, in lifecycle order. */
export function nextClaimStates(from: ClaimState): SettableClaimState[] {
  return settableClaimStates.filter((to) => canChangeClaimState(from, to));
}

export function isSettableClaimState(value: string): value is SettableClaimState {
  return (settableClaimStates as readonly string[]).includes(value);
}

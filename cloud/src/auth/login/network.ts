import { inAny } from '../../kernel/http/client-ip.js';

/**
 * 'allowed', or how to refuse: 'visible' (403, "not from the municipality's network") or 'hidden' (the same
 * 401 a wrong password gets). The refusal must not reveal whether the username exists, so a known account is
 * refused visibly only where an unknown username would be refused visibly too.
 */
export type NetworkVerdict = 'allowed' | 'refuse_visible' | 'refuse_hidden';

export function networkVerdict(input: {
  ip: string | null;
  /** The named municipality's networks, when the login form named one (null: it did not). */
  namedMunicipality: readonly string[] | null;
  /** The account's municipality's networks; null when the username is unknown. */
  account: readonly string[] | null;
  /** Every municipality's networks together: the scope for an unknown username with no municipality named. */
  anyMunicipality: readonly string[];
}): NetworkVerdict {
  const { ip } = input;
  const within = (cidrs: readonly string[]) => ip !== null && inAny(ip, cidrs);
  if (input.namedMunicipality) {
    // Same scope for known and unknown names: the answer depends on the municipality, not the account.
    return within(input.namedMunicipality) && (input.account === null || within(input.account))
      ? 'allowed'
      : 'refuse_visible';
  }
  if (input.account === null) return within(input.anyMunicipality) ? 'allowed' : 'refuse_visible';
  if (within(input.account)) return 'allowed';
  return within(input.anyMunicipality) ? 'refuse_hidden' : 'refuse_visible';
}

import type { DeviceHold, DeviceLifecycle } from '../db/index.js';

/**
 * The stored loan-device lifecycle (`devices.lifecycle`) as a transition table (style.md item 5): each event
 * names the states it may start from and where each leads; a state missing from an event's row refuses it.
 * Enrolment itself (registered -> enrolled or lent) happens inside the credential's SQL (db/repos/devices.ts).
 *
 *   registered --enrol--> enrolled --lend--> lent --return--> enrolled (returned: marked, see below)
 *   (any but wiping/retired) --wipe--> wiping --wipe_settled--> registered | retired
 *
 * A return does not wipe: the box still holds the citizen's contacts and config until it is wiped. So a `lent`
 * box taken back is MARKED returned (devices.returnedAt, returnedFromCitizenId: returnMark below), and while
 * marked it is lent to nobody but the citizen it came back from (mustWipeBeforeLending). That one exception is
 * deliberate: a kiosk taken back by mistake goes straight back to the same person, whose data it holds anyway.
 * A wipe request clears the mark (CLEARED_RETURN); so does a lend back to her.
 */
export type DeviceLifecycleEvent = 'lend' | 'return' | 'wipe';

export const LIFECYCLE_TRANSITIONS: {
  readonly [E in DeviceLifecycleEvent]: Partial<Readonly<Record<DeviceLifecycle, DeviceLifecycle>>>;
} = {
  // A registered box keeps `registered` when lent and becomes `lent` when it enrols.
  lend: { registered: 'registered', enrolled: 'lent' },
  // Taking the box back does not wipe it: it stays enrolled (or wiping/registered) until wiped.
  return: {
    registered: 'registered',
    enrolled: 'enrolled',
    lent: 'enrolled',
    wiping: 'wiping',
    retired: 'retired',
  },
  wipe: { registered: 'wiping', enrolled: 'wiping', lent: 'wiping' },
};

/** Where `event` takes a device in `state`, or null when that state does not accept it. */
export function nextLifecycle(state: DeviceLifecycle, event: DeviceLifecycleEvent): DeviceLifecycle | null {
  return LIFECYCLE_TRANSITIONS[event][state] ?? null;
}

/** The states `event` may start from (for the conditional UPDATE that guards against a concurrent change). */
export function lifecyclesAccepting(event: DeviceLifecycleEvent): DeviceLifecycle[] {
  return Object.keys(LIFECYCLE_TRANSITIONS[event]) as DeviceLifecycle[];
}

/**
 * A wipe has something to erase: the box enrolled (it got a credential) and no wipe has settled since. A settled
 * wipe leaves it `registered` with its revoked credential kept (the broker refuses that credential, wipe.ts), and
 * only enrolment, which sets a new credential, takes a box out of `registered`: so `registered` with a credential
 * means wiped. A second wipe of such a box would wait for good, as it never connects with that credential again.
 */
export const holdsSomethingToWipe = (device: {
  readonly lifecycle: DeviceLifecycle;
  readonly credentialHash: string | null;
}): boolean => device.credentialHash !== null && device.lifecycle !== 'registered';

/** A device being wiped or retired takes no new configuration and no new contacts. */
export const acceptsConfig = (state: DeviceLifecycle): boolean => nextLifecycle(state, 'wipe') !== null;

/** What marks a box taken back from its borrower: only a `lent` one (enrolled) holds anything of hers. */
export function returnMark(
  device: { readonly lifecycle: DeviceLifecycle; readonly citizenId: string | null },
  now: Date,
): { returnedAt: Date; returnedFromCitizenId: string | null } | null {
  return device.lifecycle === 'lent' ? { returnedAt: now, returnedFromCitizenId: device.citizenId } : null;
}

/** A wipe (requested) or a lend back to the citizen it came from: the box holds no one else's data. */
export const CLEARED_RETURN = { returnedAt: null, returnedFromCitizenId: null } as const;

/**
 * The one rule for lending a box taken back: it holds the previous borrower's contacts and config until it is
 * wiped, so it goes to nobody else before a wipe. The same citizen may have it back (taken back by mistake).
 * Enforced by lendDevice (inventory.ts) in its conditional UPDATE; the console and the CLI only show it.
 */
export function mustWipeBeforeLending(
  device: { readonly returnedAt: Date | null; readonly returnedFromCitizenId: string | null },
  citizenId: string,
): boolean {
  return device.returnedAt !== null && device.returnedFromCitizenId !== citizenId;
}

/** The lifecycles of a kiosk in a citizen's or support's hands: enrolled (on the shelf, ready) or lent. */
const IN_USE_LIFECYCLES: readonly DeviceLifecycle[] = ['enrolled', 'lent'];

/**
 * In use now: enrolled or lent, its credential live, not marked lost or in repair, and not taken back unwiped.
 * The rest of what takes configuration (acceptsConfig with a credential: a wiped box back at `registered`, a
 * revoked credential, a box marked lost or in repair, a box taken back and waiting for its wipe) still gets a
 * bulk push's new target; the bulk push counts the two apart so support does not read "40 kiosks got it" as
 * "40 hear it now". A box taken back (returnMark) is `enrolled` with a live credential, but nobody uses it: it
 * waits on the shelf for the wipe mustWipeBeforeLending demands, which revokes that credential anyway.
 */
export function inUseNow(device: {
  readonly lifecycle: DeviceLifecycle;
  readonly credentialRevokedAt: Date | null;
  readonly heldAs: DeviceHold | null;
  readonly returnedAt: Date | null;
}): boolean {
  return (
    IN_USE_LIFECYCLES.includes(device.lifecycle) &&
    device.credentialRevokedAt === null &&
    device.heldAs === null &&
    device.returnedAt === null
  );
}

import type { DeviceHold, DeviceLifecycle } from '../db/index.js';

/**
 * The stored loan-device lifecycle (`devices.lifecycle`) as a transition table (style.md item 5): each event
 * names the states it may start from and where each leads; a state missing from an event's row refuses it.
 * Enrolment itself (registered -> enrolled or lent) happens inside the credential's SQL (db/repos/devices.ts).
 *
 *   registered --enrol--> enrolled --lend--> lent --return--> enrolled
 *   (any but wiping/retired) --wipe--> wiping --wipe_settled--> registered | retired
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

/** A device being wiped or retired takes no new configuration and no new contacts. */
export const acceptsConfig = (state: DeviceLifecycle): boolean => nextLifecycle(state, 'wipe') !== null;

/** The lifecycles of a kiosk in a citizen's or support's hands: enrolled (on the shelf, ready) or lent. */
const IN_USE_LIFECYCLES: readonly DeviceLifecycle[] = ['enrolled', 'lent'];

/**
 * In use now: enrolled or lent, its credential live and not marked lost or in repair. The rest of what takes
 * configuration (acceptsConfig with a credential: a wiped box back at `registered`, a revoked credential, a box
 * marked lost or in repair) still gets a bulk push's new target, which it applies when it is enrolled again; the
 * bulk push counts the two apart so support does not read "40 kiosks got it" as "40 hear it now".
 */
export function inUseNow(device: {
  readonly lifecycle: DeviceLifecycle;
  readonly credentialRevokedAt: Date | null;
  readonly heldAs: DeviceHold | null;
}): boolean {
  return (
    IN_USE_LIFECYCLES.includes(device.lifecycle) &&
    device.credentialRevokedAt === null &&
    device.heldAs === null
  );
}

import { z } from 'zod';
import { ProvisioningError } from './errors.js';

/**
 * The loan-device INVENTORY lifecycle: where a physical box is, as support's shelf sees it. A typed table:
 * each transition names where it may start and where it ends, so the compiler rejects an unhandled step and
 * nothing can jump (style: balena-supervisor's composition steps, with an explicit allowed-transitions map).
 */
export const InventoryState = z.enum([
  'in_stock',
  'enrolled',
  'lent',
  'returned',
  'wiped',
  'retired',
  'lost',
]);
export type InventoryState = z.infer<typeof InventoryState>;

export interface InventoryTransitions {
  /** The kiosk redeemed its one-time code. */
  enrol: true;
  lend: true;
  /** Back from the citizen, on the shelf, not yet erased. */
  return: true;
  /** Remote wipe requested (credential revoked at once). */
  wipe: true;
  /** The wipe settled; the box can be enrolled again. */
  restock: true;
  retire: true;
  report_lost: true;
  /** A lost box turned up: it is wiped before anything else. */
  found: true;
}
export type InventoryTransition = keyof InventoryTransitions;

export const TRANSITIONS: {
  readonly [K in InventoryTransition]: {
    readonly from: readonly InventoryState[];
    readonly to: InventoryState;
  };
} = {
  enrol: { from: ['in_stock'], to: 'enrolled' },
  // From `returned` only back to the citizen it came from (taken back by mistake): the cloud refuses anyone
  // else with 409 until it is wiped (cloud/src/devices/lifecycle.ts mustWipeBeforeLending).
  lend: { from: ['enrolled', 'returned'], to: 'lent' },
  return: { from: ['lent'], to: 'returned' },
  wipe: { from: ['enrolled', 'lent', 'returned', 'lost'], to: 'wiped' },
  restock: { from: ['wiped'], to: 'in_stock' },
  retire: { from: ['wiped', 'in_stock'], to: 'retired' },
  report_lost: { from: ['enrolled', 'lent', 'returned'], to: 'lost' },
  found: { from: ['lost'], to: 'returned' },
};

export function canTransition(state: InventoryState, name: InventoryTransition): boolean {
  return TRANSITIONS[name].from.includes(state);
}

export function transition(state: InventoryState, name: InventoryTransition): InventoryState {
  if (!canTransition(state, name)) {
    throw new ProvisioningError(
      'invalid_transition',
      `A device that is ${state} cannot ${name.replace('_', ' ')}.`,
    );
  }
  return TRANSITIONS[name].to;
}

export function allowedTransitions(state: InventoryState): InventoryTransition[] {
  return (Object.keys(TRANSITIONS) as InventoryTransition[]).filter((name) => canTransition(state, name));
}

/** The cloud's `devices.lifecycle` (cloud/src/db/schema/enums.ts), as the API reports it. */
export const CloudLifecycle = z.enum(['registered', 'enrolled', 'lent', 'wiping', 'retired']);
export type CloudLifecycle = z.infer<typeof CloudLifecycle>;

/**
 * Where the two meet. A returned box is `enrolled` with nobody at the cloud, which says so in the device's
 * `returnedUnwipedAt` (present.ts passes it in as `local`); a lost box is wiped remotely, so `lost` exists only
 * on the shelf.
 */
export function inventoryStateFromCloud(
  lifecycle: CloudLifecycle,
  local?: Extract<InventoryState, 'returned' | 'lost'>,
): InventoryState {
  switch (lifecycle) {
    case 'registered':
      return 'in_stock';
    case 'enrolled':
      return local ?? 'enrolled';
    case 'lent':
      return 'lent';
    case 'wiping':
      return local === 'lost' ? 'lost' : 'wiped';
    case 'retired':
      return 'retired';
  }
}

/** What each inventory transition asks of the cloud (null: the cloud moves by itself or it is shelf-only). */
export const CLOUD_ACTION: { readonly [K in InventoryTransition]: string | null } = {
  enrol: 'POST /api/devices/{id}/enrolment-code (the kiosk then redeems it)',
  lend: 'POST /api/devices/{id}/lend',
  return: 'POST /api/devices/{id}/return',
  wipe: 'POST /api/devices/{id}/wipe {"afterWipe":"registered"}',
  restock: null,
  retire: 'POST /api/devices/{id}/wipe {"afterWipe":"retired"}',
  report_lost: 'POST /api/devices/{id}/wipe {"afterWipe":"retired"}',
  found: null,
};

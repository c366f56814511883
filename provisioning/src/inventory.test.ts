import { describe, expect, it } from 'vitest';
import { isProvisioningError } from './errors.js';
import {
  allowedTransitions,
  CloudLifecycle,
  InventoryState,
  inventoryStateFromCloud,
  TRANSITIONS,
  transition,
} from './inventory.js';

describe('the loan-device inventory lifecycle', () => {
  it('walks a box through a whole loan: stock, enrolled, lent, returned, wiped, back in stock', () => {
    let state = InventoryState.parse('in_stock');
    for (const step of ['enrol', 'lend', 'return', 'wipe', 'restock'] as const)
      state = transition(state, step);
    expect(state).toBe('in_stock');
  });

  it('refuses to lend a box that is not enrolled, with a typed error', () => {
    expect(() => transition('in_stock', 'lend')).toThrow(/in_stock cannot lend/);
    try {
      transition('retired', 'enrol');
    } catch (e) {
      expect(isProvisioningError(e) && e.reason).toBe('invalid_transition');
    }
  });

  it('lets nothing leave retired, and sends a lost box through a wipe before it is used again', () => {
    expect(allowedTransitions('retired')).toEqual([]);
    expect(allowedTransitions('lost').sort()).toEqual(['found', 'wipe']);
    expect(transition(transition('lost', 'found'), 'wipe')).toBe('wiped');
  });

  it('ends every transition in a state that has a way on, except retired', () => {
    for (const { to } of Object.values(TRANSITIONS)) {
      if (to !== 'retired') expect(allowedTransitions(to).length).toBeGreaterThan(0);
    }
  });

  it('maps every cloud lifecycle onto the shelf, keeping the shelf-only states the cloud cannot see', () => {
    const mapped = CloudLifecycle.options.map((l) => inventoryStateFromCloud(l));
    expect(mapped).toEqual(['in_stock', 'enrolled', 'lent', 'wiped', 'retired']);
    expect(inventoryStateFromCloud('enrolled', 'returned')).toBe('returned');
    expect(inventoryStateFromCloud('wiping', 'lost')).toBe('lost');
    expect(inventoryStateFromCloud('lent', 'returned')).toBe('lent');
  });
});

import { describe, expect, it } from 'vitest';
import { nextSlotId, owesOutcome } from './next-slot.js';

describe('the next call on today’s plan', () => {
  it('is the first visit with no outcome yet, also one whose time has passed, and none when all are recorded', () => {
    const plan = [
      { id: '08:00', outcome: 'completed' as const },
      { id: '10:00', outcome: 'no_answer' as const },
      { id: '11:00', outcome: null },
      { id: '14:00', outcome: null },
    ];
    expect(nextSlotId(plan)).toBe('11:00');
    expect(nextSlotId(plan.map((s) => ({ ...s, outcome: 'cancelled' as const })))).toBeUndefined();
    expect(nextSlotId([])).toBeUndefined();
  });
});

describe('a visit that still owes its outcome', () => {
  it('is one whose call connected and that nobody has recorded yet', () => {
    expect(owesOutcome({ outcome: null, connected: true })).toBe(true);
    expect(owesOutcome({ outcome: null, connected: false })).toBe(false);
    expect(owesOutcome({ outcome: 'completed', connected: true })).toBe(false);
    expect(owesOutcome({ outcome: 'no_answer', connected: true })).toBe(false);
  });
});

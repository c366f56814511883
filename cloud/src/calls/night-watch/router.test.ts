import { FakeClock } from '@screenvisit/protocol/testing';
import { describe, expect, it } from 'vitest';
import { NightWatchRouter } from './router.js';
import type { PoolRouting, RouterEffect } from './router-types.js';

const routing: PoolRouting = {
  strategy: 'ring_all',
  memberRingMs: 15_000,
  answerTimeoutMs: 60_000,
  queueTimeoutMs: 300_000,
  fallback: { kind: 'phone', number: '33 66 33 66' },
};

function setup(overrides: Partial<PoolRouting> = {}) {
  const clock = new FakeClock();
  const fromTimers: RouterEffect[] = [];
  const router = new NightWatchRouter({
    poolUnitId: 'pool',
    routing: { ...routing, ...overrides },
    clock,
    onEffects: (effects) => fromTimers.push(...effects),
  });
  const onDuty = (staffId: string, displayName: string, idleSince = clock.now()) =>
    router.handle({ type: 'member_on_duty', staffId, displayName, idleSince });
  return { clock, router, fromTimers, onDuty };
}
const ofType = <T extends RouterEffect['type']>(effects: RouterEffect[], type: T) =>
  effects.filter((e): e is Extract<RouterEffect, { type: T }> => e.type === type);

describe('NightWatchRouter', () => {
  it('rings every on-duty console at once when a resident calls (ring_all)', () => {
    const { router, onDuty } = setup();
    onDuty('lars', 'Lars');
    onDuty('ida', 'Ida');
    const effects = router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    expect(effects).toEqual([{ type: 'ring', callId: 'c1', citizenId: 'aase', staffIds: ['ida', 'lars'] }]);
  });

  it('gives the call to the first who accepts and tells the others "taken by"', () => {
    const { router, onDuty } = setup();
    onDuty('lars', 'Lars');
    onDuty('ida', 'Ida');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    const effects = router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' });
    expect(effects).toEqual([
      { type: 'stop_ringing', callId: 'c1', staffIds: ['ida'] },
      { type: 'taken', callId: 'c1', staffIds: ['ida'], byDisplayName: 'Lars' },
      { type: 'connect', callId: 'c1', citizenId: 'aase', staffId: 'lars' },
    ]);
  });

  it('lets exactly one of two staff accepting in the same millisecond win', () => {
    const { router, onDuty, clock } = setup();
    onDuty('lars', 'Lars');
    onDuty('ida', 'Ida');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    const at = clock.now();
    const first = router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'ida' });
    const second = router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' });
    expect(clock.now()).toBe(at);
    const connects = [...first, ...second].filter((e) => e.type === 'connect');
    expect(connects).toEqual([{ type: 'connect', callId: 'c1', citizenId: 'aase', staffId: 'ida' }]);
    expect(second).toEqual([
      { type: 'accept_refused', callId: 'c1', staffId: 'lars', reason: 'already_taken' },
    ]);
  });

  it('rings a member again at a console of theirs that opened, for the calls ringing them only, with the ring timer running on', () => {
    const { router, onDuty, clock, fromTimers } = setup({ strategy: 'longest_idle' });
    onDuty('ida', 'Ida', clock.now() - 40 * 60_000);
    onDuty('lars', 'Lars', clock.now() - 10 * 60_000);
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    clock.advance(10_000);
    expect(router.handle({ type: 'console_opened', staffId: 'ida' })).toEqual([
      { type: 'ring', callId: 'c1', citizenId: 'aase', staffIds: ['ida'], newConsolesOnly: true },
    ]);
    // Nothing rings Lars, so a console of his opening rings nothing.
    expect(router.handle({ type: 'console_opened', staffId: 'lars' })).toEqual([]);
    // Ida's ring still passes on 15 s after it began, not 15 s after her console came back.
    clock.advance(5_000);
    expect(fromTimers).toEqual([
      { type: 'stop_ringing', callId: 'c1', staffIds: ['ida'] },
      { type: 'ring', callId: 'c1', citizenId: 'aase', staffIds: ['lars'] },
    ]);
  });

  it('rings the longest-idle member first and moves on after the ring timeout', () => {
    const { router, onDuty, clock, fromTimers } = setup({ strategy: 'longest_idle' });
    onDuty('lars', 'Lars', clock.now() - 10 * 60_000);
    onDuty('ida', 'Ida', clock.now() - 40 * 60_000);
    onDuty('bo', 'Bo', clock.now() - 20 * 60_000);
    expect(router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' })).toEqual([
      { type: 'ring', callId: 'c1', citizenId: 'aase', staffIds: ['ida'] },
    ]);
    clock.advance(14_999);
    expect(fromTimers).toEqual([]);
    clock.advance(1);
    expect(fromTimers).toEqual([
      { type: 'stop_ringing', callId: 'c1', staffIds: ['ida'] },
      { type: 'ring', callId: 'c1', citizenId: 'aase', staffIds: ['bo'] },
    ]);
    // A decline moves on at once.
    const declined = router.handle({ type: 'member_declined', callId: 'c1', staffId: 'bo' });
    expect(ofType(declined, 'ring')).toEqual([
      { type: 'ring', callId: 'c1', citizenId: 'aase', staffIds: ['lars'] },
    ]);
    expect(
      ofType(router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' }), 'connect'),
    ).toHaveLength(1);
  });

  it('prefers whoever has been idle longest since their last call ended', () => {
    const { router, onDuty, clock } = setup({ strategy: 'longest_idle' });
    onDuty('lars', 'Lars', clock.now() - 60 * 60_000);
    onDuty('ida', 'Ida', clock.now() - 30 * 60_000);
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' });
    clock.advance(5 * 60_000);
    router.handle({ type: 'member_free', staffId: 'lars' });
    expect(
      ofType(router.handle({ type: 'call_placed', callId: 'c2', citizenId: 'knud' }), 'ring')[0]?.staffIds,
    ).toEqual(['ida']);
  });

  it('escalates to the fallback phone number when nobody answers within N seconds', () => {
    const { router, onDuty, clock, fromTimers } = setup();
    onDuty('lars', 'Lars');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    clock.advance(59_999);
    expect(fromTimers).toEqual([]);
    clock.advance(1);
    expect(fromTimers[0]).toEqual({ type: 'stop_ringing', callId: 'c1', staffIds: ['lars'] });
    const [escalation] = ofType(fromTimers, 'escalate');
    expect(escalation).toMatchObject({ reason: 'no_answer', to: { kind: 'phone', number: '33 66 33 66' } });
    expect(escalation!.message.da).toContain('Ring i stedet til 33 66 33 66');
    expect(ofType(fromTimers, 'record_missed')).toEqual([
      {
        type: 'record_missed',
        callId: 'c1',
        citizenId: 'aase',
        reason: 'no_answer',
        callback: { kind: 'citizen', id: 'aase' },
      },
    ]);
    expect(clock.pending).toBe(0);
  });

  it('escalates at once when nobody is on duty, to a fallback pool without a missed-call entry', () => {
    const { router } = setup({ fallback: { kind: 'pool', poolUnitId: 'pool-b' } });
    const effects = router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({
      type: 'escalate',
      reason: 'nobody_on_duty',
      to: { kind: 'pool', poolUnitId: 'pool-b' },
    });
  });

  it('escalates when every ringing member declines', () => {
    const { router, onDuty } = setup({ fallback: { kind: 'none' } });
    onDuty('lars', 'Lars');
    onDuty('ida', 'Ida');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    expect(router.handle({ type: 'member_declined', callId: 'c1', staffId: 'lars' })).toEqual([
      { type: 'stop_ringing', callId: 'c1', staffIds: ['lars'] },
    ]);
    const effects = router.handle({ type: 'member_declined', callId: 'c1', staffId: 'ida' });
    expect(ofType(effects, 'escalate')[0]).toMatchObject({ reason: 'no_answer', to: { kind: 'none' } });
    expect(ofType(effects, 'record_missed')).toHaveLength(1);
  });

  it('queues calls FIFO while every member is busy and rings the next when one is free', () => {
    const { router, onDuty, clock } = setup();
    onDuty('lars', 'Lars');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' });
    clock.advance(1_000);
    expect(ofType(router.handle({ type: 'call_placed', callId: 'c2', citizenId: 'knud' }), 'queued')).toEqual(
      [{ type: 'queued', callId: 'c2', citizenId: 'knud', position: 1 }],
    );
    clock.advance(1_000);
    const third = router.handle({ type: 'call_placed', callId: 'c3', citizenId: 'grethe' });
    expect(ofType(third, 'queued')[0]?.position).toBe(2);
    expect(ofType(third, 'queue_changed')[0]?.queue.map((q) => [q.callId, q.position])).toEqual([
      ['c2', 1],
      ['c3', 2],
    ]);
    const freed = router.handle({ type: 'member_free', staffId: 'lars' });
    expect(ofType(freed, 'ring')).toEqual([
      { type: 'ring', callId: 'c2', citizenId: 'knud', staffIds: ['lars'] },
    ]);
    expect(ofType(freed, 'queue_changed').at(-1)?.queue).toEqual([
      { callId: 'c3', citizenId: 'grethe', position: 1, since: clock.now() },
    ]);
    expect(router.snapshot().queue).toEqual([
      { callId: 'c3', citizenId: 'grethe', position: 1, since: clock.now() },
    ]);
  });

  it('escalates a call that waits in the queue too long', () => {
    const { router, onDuty, clock, fromTimers } = setup({ queueTimeoutMs: 120_000 });
    onDuty('lars', 'Lars');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' });
    router.handle({ type: 'call_placed', callId: 'c2', citizenId: 'knud' });
    clock.advance(120_000);
    expect(ofType(fromTimers, 'escalate')[0]).toMatchObject({ callId: 'c2', reason: 'queue_timeout' });
    expect(ofType(fromTimers, 'queue_changed').at(-1)?.queue).toEqual([]);
  });

  it('records a missed call with a callback target when the resident hangs up while it rings', () => {
    const { router, onDuty, clock } = setup();
    onDuty('lars', 'Lars');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    expect(router.handle({ type: 'caller_hung_up', callId: 'c1' })).toEqual([
      { type: 'stop_ringing', callId: 'c1', staffIds: ['lars'] },
      {
        type: 'record_missed',
        callId: 'c1',
        citizenId: 'aase',
        reason: 'caller_hung_up',
        callback: { kind: 'citizen', id: 'aase' },
      },
    ]);
    expect(clock.pending).toBe(0);
    expect(router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' })).toEqual([
      { type: 'accept_refused', callId: 'c1', staffId: 'lars', reason: 'not_ringing' },
    ]);
  });

  it('moves on when the ringing member goes off duty, and escalates when nobody is left', () => {
    const { router, onDuty } = setup();
    onDuty('lars', 'Lars');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    const effects = router.handle({ type: 'member_off_duty', staffId: 'lars' });
    expect(ofType(effects, 'escalate')[0]).toMatchObject({ reason: 'nobody_on_duty' });
  });

  it('adds a member who comes on duty to a call that is already ringing (ring_all)', () => {
    const { router, onDuty } = setup();
    onDuty('lars', 'Lars');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    expect(ofType(onDuty('ida', 'Ida'), 'ring')).toEqual([
      { type: 'ring', callId: 'c1', citizenId: 'aase', staffIds: ['ida'] },
    ]);
  });

  it('ignores a late timer for a call that was already accepted', () => {
    const { router, onDuty } = setup();
    onDuty('lars', 'Lars');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' });
    expect(router.handle({ type: 'timer_fired', callId: 'c1', timer: 'answer_deadline' })).toEqual([]);
  });

  it('queues a call for a member back on duty while still in a call of the pool, and rings them when it ends', () => {
    const { router, onDuty } = setup({ strategy: 'longest_idle' });
    onDuty('lars', 'Lars');
    router.handle({ type: 'call_placed', callId: 'c1', citizenId: 'aase' });
    router.handle({ type: 'member_accepted', callId: 'c1', staffId: 'lars' });
    // His console stayed away longer than the reconnect grace (a slow reload), and is back in the same call.
    router.handle({ type: 'member_off_duty', staffId: 'lars' });
    const back = router.handle({
      type: 'member_on_duty',
      staffId: 'lars',
      displayName: 'Lars',
      idleSince: 0,
      busyWith: 'c1',
    });
    expect(back).toEqual([]);
    const next = router.handle({ type: 'call_placed', callId: 'c2', citizenId: 'knud' });
    expect(ofType(next, 'ring')).toEqual([]);
    expect(ofType(next, 'escalate')).toEqual([]);
    expect(ofType(next, 'queued')).toEqual([
      { type: 'queued', callId: 'c2', citizenId: 'knud', position: 1 },
    ]);
    expect(ofType(router.handle({ type: 'member_free', staffId: 'lars' }), 'ring')).toEqual([
      { type: 'ring', callId: 'c2', citizenId: 'knud', staffIds: ['lars'] },
    ]);
  });
});

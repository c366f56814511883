import { EndReason } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../kernel/logger.js';
import {
  CALL_STATES,
  type CallEvent,
  CallMachine,
  type CallState,
  END_REASONS_FROM,
  nextState,
  TRANSITIONS,
} from './call-machine.js';

const ALLOWED: [CallState, CallEvent, CallState][] = [
  ['ringing', { type: 'accept' }, 'accepted'],
  ['accepted', { type: 'negotiate' }, 'connecting'],
  ['connecting', { type: 'establish' }, 'in_call'],
  ['accepted', { type: 'drop' }, 'reconnecting'],
  ['connecting', { type: 'drop' }, 'reconnecting'],
  ['in_call', { type: 'drop' }, 'reconnecting'],
  ['reconnecting', { type: 'resume' }, 'connecting'],
  ...(['ringing', 'accepted', 'connecting', 'in_call', 'reconnecting'] as const).flatMap(
    (s): [CallState, CallEvent, CallState][] => [
      [s, { type: 'end', reason: 'hung_up' }, 'ended'],
      [s, { type: 'end', reason: 'permission_revoked' }, 'ended'],
      [s, { type: 'end', reason: 'failed' }, 'ended'],
    ],
  ),
  ['ringing', { type: 'end', reason: 'declined' }, 'ended'],
  ['ringing', { type: 'end', reason: 'no_answer' }, 'ended'],
  ['ringing', { type: 'end', reason: 'taken_by_another' }, 'ended'],
];

const key = (s: CallState, e: CallEvent) => `${s}:${e.type}:${'reason' in e ? e.reason : ''}`;

describe('the call state machine', () => {
  it.each(ALLOWED)('allows %s --%o--> %s', (from, event, to) => {
    expect(nextState(from, event)).toEqual({ ok: true, to });
  });

  it('refuses every transition that is not in the table, from every state', () => {
    const allowed = new Set(ALLOWED.map(([s, e]) => key(s, e)));
    const events: CallEvent[] = [
      ...(Object.keys(TRANSITIONS) as CallEvent['type'][])
        .filter((t) => t !== 'end')
        .map((type) => ({ type }) as CallEvent),
      ...EndReason.options.map((reason) => ({ type: 'end', reason }) as const),
    ];
    let refused = 0;
    for (const state of CALL_STATES)
      for (const event of events) {
        if (allowed.has(key(state, event))) continue;
        expect(nextState(state, event).ok, key(state, event)).toBe(false);
        refused += 1;
      }
    expect(refused).toBeGreaterThan(40);
  });

  it('never leaves ended, and never declines or times out a call already answered', () => {
    expect(nextState('ended', { type: 'accept' }).ok).toBe(false);
    expect(nextState('ended', { type: 'end', reason: 'hung_up' }).ok).toBe(false);
    expect(nextState('in_call', { type: 'end', reason: 'no_answer' }).ok).toBe(false);
    expect(nextState('accepted', { type: 'end', reason: 'declined' }).ok).toBe(false);
    expect(nextState('ringing', { type: 'drop' }).ok).toBe(false);
    expect(END_REASONS_FROM.taken_by_another).toEqual(['ringing']);
  });

  it('logs and refuses an illegal step instead of throwing, and keeps its state and first end reason', () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'debug',
      destination: { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) } as never,
    });
    const machine = new CallMachine('c1', log);
    expect(machine.fire({ type: 'negotiate' })).toBe(false);
    expect(machine.state).toBe('ringing');
    expect(machine.fire({ type: 'accept' })).toBe(true);
    expect(machine.fire({ type: 'end', reason: 'hung_up' })).toBe(true);
    expect(machine.fire({ type: 'end', reason: 'failed' })).toBe(false);
    expect(machine.endReason).toBe('hung_up');
    expect(lines.some((l) => String(l.msg).startsWith('call transition refused'))).toBe(true);
    expect(lines.some((l) => l.msg === 'call ringing -> accepted')).toBe(true);
  });
});

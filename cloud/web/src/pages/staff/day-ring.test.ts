import { describe, expect, it } from 'vitest';
import { CallSession } from '../../shared/call/call-session.js';
import type { ClientMessage, ServerMessage } from '../../shared/call/messages.js';
import type { SignallingClient, Timers } from '../../shared/call/signalling.js';
import { dayRing } from './day-ring.js';

const citizen = { kind: 'citizen', id: 'c1' } as const;
const ring = (callId: string, dialled?: 'person' | 'team' | 'night_watch'): ServerMessage => ({
  v: 1,
  type: 'call.incoming',
  callId,
  from: citizen,
  displayName: 'Else Mortensen',
  ...(dialled ? { dialled } : {}),
});

/** The signalling link as the session sees it: frames in by hand, frames out recorded. */
function fakeLink() {
  const handlers = new Map<string, Set<(m: ServerMessage) => void>>();
  const sent: ClientMessage[] = [];
  const link = {
    state: 'open',
    on: (type: string, handler: (m: ServerMessage) => void) => {
      const set = handlers.get(type) ?? new Set();
      set.add(handler);
      handlers.set(type, set);
      return () => set.delete(handler);
    },
    onState: () => () => undefined,
    onWelcome: () => () => undefined,
    send: (m: ClientMessage) => sent.push(m) > 0,
    setWatchdog: () => undefined,
  };
  const deliver = (m: ServerMessage) => {
    for (const h of handlers.get(m.type) ?? []) h(m);
  };
  return { signalling: link as unknown as SignallingClient, sent, deliver };
}

const timers: Timers = { setTimeout: () => 0, clearTimeout: () => undefined };

describe('which rings the day page answers', () => {
  it('a citizen calling the person or the team; not a night-watch pool’s ring, nor anyone but a citizen', () => {
    expect(dayRing({ from: citizen, dialled: 'person' })).toBe('you');
    expect(dayRing({ from: citizen, dialled: 'team' })).toBe('team');
    expect(dayRing({ from: citizen })).toBe('unsaid');
    expect(dayRing({ from: citizen, dialled: 'night_watch' })).toBeNull();
    expect(dayRing({ from: { kind: 'staff', id: 's2' }, dialled: 'person' })).toBeNull();
    expect(dayRing({ from: { kind: 'device', id: 'd1' } })).toBeNull();
  });

  it('leaves a pool’s ring alone (no answer button, nothing sent) and rings for the team’s call, saying so', () => {
    const link = fakeLink();
    const session = new CallSession({
      signalling: link.signalling,
      rings: (r) => dayRing(r) !== null,
      // The media path is prepared while it rings: ICE servers that never come keep it from building a connection.
      controller: { fetchIce: () => new Promise<never>(() => undefined), timers },
    });
    try {
      link.deliver(ring('pool-call', 'night_watch'));
      expect(session.snapshot.phase).toEqual({ kind: 'idle' });
      link.deliver(ring('team-call', 'team'));
      expect(session.snapshot.phase).toMatchObject({
        kind: 'incoming',
        callId: 'team-call',
        name: 'Else Mortensen',
        dialled: 'team',
      });
      expect(link.sent).toEqual([]);
    } finally {
      session.dispose();
    }
  });
});

import type { ClientMessage, ServerMessage } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../calls/types.js';
import { dispatchSignal, LOCKED_MESSAGE, type SignalSession } from './index.js';

const CALL_ID = '7f0b6a58-9a55-4c9e-9d39-6c1f4f1b7a10';
const v = 1 as const;

/** A call router that records what reached it; with `hold`, `handle` resolves only when the test lets it. */
function recordingRouter(hold = false) {
  const handled: string[] = [];
  const hellos: { id: string; resumeToken?: string }[] = [];
  let release: () => void = () => {};
  return {
    handled,
    hellos,
    release: () => release(),
    router: {
      handle: (from: Endpoint, message: { type: string }) =>
        new Promise<void>((resolve) => {
          handled.push(`${from.id}:${message.type}`);
          if (hold) release = resolve;
          else resolve();
        }),
      hello: (from: Endpoint, resumeToken?: string) =>
        void hellos.push({ id: from.id, ...(resumeToken ? { resumeToken } : {}) }),
    },
  };
}

function session(overrides: Partial<SignalSession> & { party?: Endpoint | null }) {
  const sent: ServerMessage[] = [];
  let lookups = 0;
  const { party = null, ...rest } = overrides;
  const s: SignalSession = {
    id: party?.id ?? 'device:k1',
    endpoint: async () => {
      lookups += 1;
      return party;
    },
    noPartyText: 'no citizen',
    send: (m) => void sent.push(m),
    ...rest,
  };
  return { s, sent, lookups: () => lookups };
}

const kiosk: Endpoint = {
  id: 'device:k1',
  owner: { kind: 'device', id: 'k1' },
  party: { kind: 'citizen', id: 'c1' },
};
const consoleSocket: Endpoint = {
  id: 'conn-1',
  owner: { kind: 'staff', id: 's1' },
  party: { kind: 'staff', id: 's1' },
  resumeToken: 'tok',
};

describe('the one signalling dispatcher', () => {
  it('answers a kiosk ping with its nonce without looking up whom the kiosk acts for', async () => {
    const { router } = recordingRouter();
    const k = session({ party: kiosk });
    await dispatchSignal({ session: k.s, calls: router }, { v, type: 'ping', nonce: 42 });
    expect(k.sent).toEqual([{ v, type: 'pong', nonce: 42 }]);
    expect(k.lookups()).toBe(0);
  });

  it('welcomes a socket on hello and hands the router its resume token; a kiosk hello gets no welcome', async () => {
    const rec = recordingRouter();
    const socket = session({
      party: consoleSocket,
      welcome: { connectionId: 'conn-1', resumeToken: 'tok', heartbeatMs: 25_000 },
    });
    await dispatchSignal({ session: socket.s, calls: rec.router }, { v, type: 'hello', resumeToken: 'old' });
    expect(socket.sent).toEqual([
      { v, type: 'welcome', connectionId: 'conn-1', resumeToken: 'tok', heartbeatMs: 25_000 },
    ]);
    const k = session({ party: kiosk });
    await dispatchSignal({ session: k.s, calls: rec.router }, { v, type: 'hello', resumeToken: 'ignored' });
    expect(k.sent).toEqual([]);
    expect(rec.hellos).toEqual([{ id: 'conn-1', resumeToken: 'old' }, { id: 'device:k1' }]);
  });

  it('refuses a locked console its accept and place but still lets it hang up', async () => {
    const rec = recordingRouter();
    const socket = session({ party: consoleSocket, unlocked: async () => false });
    const ctx = { session: socket.s, calls: rec.router };
    await dispatchSignal(ctx, { v, type: 'call.accept', callId: CALL_ID });
    await dispatchSignal(ctx, { v, type: 'call.place', requestId: 'r1', to: { kind: 'staff', id: CALL_ID } });
    await dispatchSignal(ctx, { v, type: 'call.hangup', callId: CALL_ID });
    expect(socket.sent).toEqual([
      { v, type: 'error', code: 'locked', message: LOCKED_MESSAGE },
      { v, type: 'call.refused', requestId: 'r1', code: 'not_permitted', message: LOCKED_MESSAGE },
    ]);
    expect(rec.handled).toEqual(['conn-1:call.hangup']);
  });

  it('has no lock gate for a kiosk and resolves only once the router has handled the message', async () => {
    const rec = recordingRouter(true);
    const k = session({ party: kiosk });
    let done = false;
    const accepting = dispatchSignal(
      { session: k.s, calls: rec.router },
      {
        v,
        type: 'call.accept',
        callId: CALL_ID,
      },
    ).then(() => {
      done = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(rec.handled).toEqual(['device:k1:call.accept']);
    expect(done).toBe(false);
    rec.release();
    await accepting;
    expect(done).toBe(true);
  });

  it('refuses a kiosk with no citizen: its place with the session text, anything in a call as unknown', async () => {
    const rec = recordingRouter();
    const k = session({ party: null });
    const messages: ClientMessage[] = [
      { v, type: 'hello' },
      { v, type: 'call.place', requestId: 'r2', to: { kind: 'pool', id: CALL_ID } },
      { v, type: 'rtc.ice', callId: CALL_ID, candidate: null },
    ];
    for (const m of messages) await dispatchSignal({ session: k.s, calls: rec.router }, m);
    expect(k.sent).toEqual([
      { v, type: 'call.refused', requestId: 'r2', code: 'not_permitted', message: 'no citizen' },
      { v, type: 'error', code: 'unknown_call', message: 'There is no such call.' },
    ]);
    expect(rec.handled).toEqual([]);
    expect(rec.hellos).toEqual([]);
  });
});

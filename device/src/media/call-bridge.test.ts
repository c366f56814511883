import type { ClientMessage } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { MediaCall, MediaConnectionState } from '../media-engine.js';
import { CallBridge } from './call-bridge.js';
import { MediaError } from './errors.js';

const callId = '00000000-0000-4000-8000-000000000001';
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A connection whose state the test moves, recording what the bridge asks of it. The engines themselves,
 * with real media, are covered by device/test/media/engine-suite.ts against Chromium.
 */
function scriptedCall(renegotiates = true, name = 'call') {
  const listeners = new Set<(s: MediaConnectionState) => void>();
  const asked: string[] = [];
  const call: MediaCall = {
    callId,
    state: 'new',
    renegotiates,
    answer: async (sdp) => {
      asked.push(`answer ${sdp}`);
      return `${name} answer-to-${sdp}`;
    },
    createOffer: async () => {
      asked.push('offer');
      return `${name} offer`;
    },
    acceptAnswer: async () => undefined,
    addRemoteCandidate: async () => undefined,
    restartIce: async () => {
      asked.push('restart');
      return 'restart-offer';
    },
    stats: async () => ({
      framesSent: 0,
      framesReceived: 0,
      bytesSent: 0,
      bytesReceived: 0,
      candidatePair: null,
    }),
    onState: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close: async () => {
      asked.push('close');
    },
  };
  return {
    call,
    asked,
    move: (s: MediaConnectionState) => {
      for (const l of listeners) l(s);
    },
  };
}

async function bridged(role: 'caller' | 'callee', renegotiates = true) {
  const clock = new FakeClock();
  const scripted = scriptedCall(renegotiates);
  // A call that cannot renegotiate is replaced: later opens get new calls, recorded here.
  const rebuilt: ReturnType<typeof scriptedCall>[] = [];
  let opened = 0;
  const bridge = new CallBridge({
    open: async () => {
      opened += 1;
      if (opened === 1) return scripted.call;
      const next = scriptedCall(renegotiates, `call-${opened}`);
      rebuilt.push(next);
      return next.call;
    },
    log: pino({ level: 'silent' }),
    ice: { iceServers: [], iceTransportPolicy: 'all' },
    clock,
  });
  const sent: ClientMessage[] = [];
  const failures: string[] = [];
  let ups = 0;
  await bridge.start({
    callId,
    role,
    send: (m) => sent.push(m),
    up: () => {
      ups += 1;
    },
    failed: (r) => failures.push(r),
  });
  return { clock, bridge, sent, failures, ups: () => ups, rebuilt, ...scripted };
}

describe('a call whose connection fails mid-call', () => {
  it('as caller (night watch), re-offers with an ICE restart in the same call instead of hanging up', async () => {
    const k = await bridged('caller');
    await flush();
    k.move('connected');
    k.move('failed');
    await flush();
    expect(k.sent.at(-1)).toEqual({
      v: 1,
      type: 'rtc.offer',
      callId,
      sdp: 'restart-offer',
      iceRestart: true,
    });
    expect(k.failures).toEqual([]);
    k.move('connected');
    expect(k.ups()).toBe(1);
  });

  it("as callee, waits for the caller's restart offer and answers it; hangs up only if none comes in time", async () => {
    const k = await bridged('callee');
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'first' });
    await flush();
    k.move('connected');
    k.move('failed');
    k.clock.advance(19_999);
    expect(k.failures).toEqual([]);
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'again', iceRestart: true });
    await flush();
    expect(k.sent.at(-1)).toEqual({ v: 1, type: 'rtc.answer', callId, sdp: 'call answer-to-again' });
    k.clock.advance(60_000);
    expect(k.failures).toEqual([]);

    // A second failure with no restart offer: given up after the wait, and the agent hangs up.
    k.move('connected');
    k.move('failed');
    k.clock.advance(20_000);
    expect(k.failures).toEqual(['ice_failed']);
  });

  it('as callee with a call that cannot renegotiate (webrtcbin), answers the restart offer on a rebuilt call', async () => {
    const k = await bridged('callee', false);
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'first' });
    await flush();
    k.move('connected');
    k.move('failed');
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'again', iceRestart: true });
    await flush();
    await flush();
    expect(k.asked).toEqual(['answer first', 'close']);
    expect(k.rebuilt).toHaveLength(1);
    expect(k.rebuilt[0]?.asked).toEqual(['answer again']);
    expect(k.sent.at(-1)).toEqual({ v: 1, type: 'rtc.answer', callId, sdp: 'call-2 answer-to-again' });
    // The old call's events no longer count; the new one's do, and it is the same call: up only once.
    k.move('failed');
    k.rebuilt[0]?.move('connected');
    k.clock.advance(60_000);
    expect(k.failures).toEqual([]);
    expect(k.ups()).toBe(1);
    await k.bridge.stop();
    expect(k.rebuilt[0]?.asked.at(-1)).toBe('close');
  });

  it('as caller with a call that cannot renegotiate, sends a fresh offer from a rebuilt call as the restart', async () => {
    const k = await bridged('caller', false);
    await flush();
    k.move('connected');
    k.move('failed');
    await flush();
    await flush();
    expect(k.asked).toEqual(['offer', 'close']);
    expect(k.sent.at(-1)).toEqual({ v: 1, type: 'rtc.offer', callId, sdp: 'call-2 offer', iceRestart: true });
    expect(k.failures).toEqual([]);
  });

  it('opens no new pipeline when the call is hung up while the old one is closing for a rebuild', async () => {
    const k = await bridged('callee', false);
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'first' });
    await flush();
    k.move('connected');
    k.move('failed');
    // The old pipeline's close takes a while (webrtcbin to NULL); the agent hangs up meanwhile.
    let closed = () => {};
    const closing = new Promise<void>((resolve) => {
      closed = resolve;
    });
    Object.assign(k.call, {
      close: () => {
        k.asked.push('close');
        return closing;
      },
    });
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'again', iceRestart: true });
    await flush();
    const stopped = k.bridge.stop();
    closed();
    await stopped;
    expect(k.asked).toEqual(['answer first', 'close', 'close']);
    await flush();
    await flush();
    // A pipeline opened now would hold the camera with nobody left to close it.
    expect(k.rebuilt).toEqual([]);
    expect(k.sent.filter((m) => m.type === 'rtc.answer')).toHaveLength(1);
    expect(k.failures).toEqual([]);
  });

  it('hangs up at once, without an ICE restart, when the DTLS peer was refused', async () => {
    const k = await bridged('caller');
    await flush();
    k.move('connected');
    // The engine found a certificate that matches no a=fingerprint: another restart would meet the same party.
    Object.assign(k.call, { failure: MediaError.peerUnverified('its certificate matches no a=fingerprint') });
    k.move('failed');
    await flush();
    expect(k.failures).toEqual(['peer_unverified']);
    expect(k.asked).not.toContain('restart');
    expect(k.sent.filter((m) => m.type === 'rtc.offer')).toHaveLength(1);
  });

  it('gives up at once when media never came up', async () => {
    const k = await bridged('callee');
    k.move('failed');
    expect(k.failures).toEqual(['ice_failed']);
  });
});

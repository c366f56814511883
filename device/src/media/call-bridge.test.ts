import type { ClientMessage } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { MediaCall, MediaConnectionState } from '../media-engine.js';
import { CallBridge } from './call-bridge.js';
import { MediaError } from './errors.js';
import type { IceConfig } from './ice.js';

const callId = '00000000-0000-4000-8000-000000000001';
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A connection whose state the test moves, recording what the bridge asks of it. The engines themselves,
 * with real media, are covered by device/test/media/engine-suite.ts against Chromium.
 */
function scriptedCall(renegotiates = true, name = 'call') {
  const listeners = new Set<(s: MediaConnectionState) => void>();
  const asked: string[] = [];
  let state: MediaConnectionState = 'new';
  /** What the other party's media has brought in so far (the test moves it). */
  const inbound = { bytes: 0, frames: 0 };
  const call: MediaCall = {
    callId,
    get state() {
      return state;
    },
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
      framesReceived: inbound.frames,
      bytesSent: 0,
      bytesReceived: inbound.bytes,
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
    inbound,
    move: (s: MediaConnectionState) => {
      state = s;
      for (const l of listeners) l(s);
    },
  };
}

async function bridged(
  role: 'caller' | 'callee',
  renegotiates = true,
  ice: IceConfig = { iceServers: [], iceTransportPolicy: 'all' },
) {
  const clock = new FakeClock();
  const scripted = scriptedCall(renegotiates);
  // A call that cannot renegotiate is replaced: later opens get new calls, recorded here.
  const rebuilt: ReturnType<typeof scriptedCall>[] = [];
  let opened = 0;
  /** The ICE servers each call was opened with, in order. */
  const opens: IceConfig[] = [];
  const bridge = new CallBridge({
    open: async (options) => {
      opened += 1;
      opens.push({ iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy });
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
    ice,
  });
  return { clock, bridge, sent, failures, ups: () => ups, rebuilt, opens, ...scripted };
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

describe('a call whose other party comes back on a new connection (a reloaded night-watch console)', () => {
  it.each([
    ['wrtc', true],
    ['webrtcbin', false],
  ] as const)(
    'as caller (%s), opens a fresh call and offers again at once, without waiting for ICE to fail',
    async (_engine, renegotiates) => {
      const k = await bridged('caller', renegotiates);
      await flush();
      k.bridge.handleSignal({ v: 1, type: 'rtc.answer', callId, sdp: 'old console answer' });
      k.move('connected');
      k.bridge.renegotiate();
      await flush();
      await flush();
      // The reloaded page has a new RTCPeerConnection: a restartIce() on the old call would keep DTLS state it
      // knows nothing of. The old call is closed, a new one offers.
      expect(k.asked).toEqual(['offer', 'close']);
      expect(k.rebuilt).toHaveLength(1);
      expect(k.sent.at(-1)).toEqual({
        v: 1,
        type: 'rtc.offer',
        callId,
        sdp: 'call-2 offer',
        iceRestart: true,
      });
      // The old call's failure (its peer is gone) no longer counts; the new one coming up is the same call.
      k.move('failed');
      k.rebuilt[0]?.move('connected');
      await flush();
      expect(k.failures).toEqual([]);
      expect(k.ups()).toBe(1);
    },
  );

  it('hangs up when the fresh call has not connected 20 s after the resume, so the resident is not left without media', async () => {
    const k = await bridged('caller', false);
    await flush();
    k.move('connected');
    k.bridge.renegotiate();
    await flush();
    await flush();
    k.clock.advance(19_999);
    expect(k.failures).toEqual([]);
    k.clock.advance(1);
    expect(k.failures).toEqual(['resume_failed']);
  });

  it('keeps the call when the fresh call connects in time', async () => {
    const k = await bridged('caller', false);
    await flush();
    k.move('connected');
    k.bridge.renegotiate();
    await flush();
    await flush();
    k.clock.advance(3_000);
    k.rebuilt[0]?.move('connected');
    k.clock.advance(60_000);
    expect(k.failures).toEqual([]);
  });

  it('as callee (a console that called back, reloaded), answers the new page’s offer on a fresh call without offering itself', async () => {
    const k = await bridged('callee');
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'first' });
    await flush();
    k.move('connected');
    k.bridge.renegotiate();
    await flush();
    expect(k.rebuilt).toEqual([]);
    expect(k.sent.filter((m) => m.type === 'rtc.offer')).toEqual([]);
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'from the reloaded page' });
    await flush();
    await flush();
    // wrtc could answer on its old connection, but its DTLS association is with a page that is gone.
    expect(k.asked).toEqual(['answer first', 'close']);
    expect(k.rebuilt[0]?.asked).toEqual(['answer from the reloaded page']);
    expect(k.sent.at(-1)).toEqual({
      v: 1,
      type: 'rtc.answer',
      callId,
      sdp: 'call-2 answer-to-from the reloaded page',
    });
    // Only that one offer: a later one (an ICE restart) is answered on the same, fresh call again.
    k.rebuilt[0]?.move('connected');
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'restart', iceRestart: true });
    await flush();
    expect(k.rebuilt).toHaveLength(1);
    k.clock.advance(60_000);
    expect(k.failures).toEqual([]);
  });

  it('as callee, hangs up when no offer from the reloaded page brings media back within 20 s', async () => {
    const k = await bridged('callee');
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'first' });
    await flush();
    k.move('connected');
    k.bridge.renegotiate();
    k.clock.advance(20_000);
    expect(k.failures).toEqual(['resume_failed']);
  });

  it('does not count as one of the restarts a failing network is allowed', async () => {
    const k = await bridged('caller');
    await flush();
    k.move('connected');
    for (let i = 0; i < 4; i++) {
      k.bridge.renegotiate();
      await flush();
      await flush();
    }
    const last = k.rebuilt.at(-1)!;
    last.move('connected');
    last.move('failed');
    await flush();
    expect(k.failures).toEqual([]);
    expect(last.asked).toContain('restart');
  });
});

/** Moves the fake clock a second at a time, letting the watchdog's stats reads settle in between. */
async function during(k: { clock: FakeClock }, ms: number, each?: () => void) {
  for (let t = 0; t < ms; t += 1_000) {
    each?.();
    k.clock.advance(1_000);
    await flush();
    await flush();
  }
}

describe('an answered call whose other party stops sending while ICE stays up', () => {
  async function inCall() {
    const k = await bridged('callee');
    k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'first' });
    await flush();
    k.move('connected');
    // Her caller's picture and sound arrive for a while.
    await during(k, 10_000, () => {
      k.inbound.bytes += 40_000;
      k.inbound.frames += 30;
    });
    return k;
  }

  it('hangs up 20 s after the inbound counters stop, not before', async () => {
    const k = await inCall();
    await during(k, 18_000);
    expect(k.failures).toEqual([]);
    await during(k, 4_000);
    expect(k.failures).toEqual(['media_lost']);
    await during(k, 30_000);
    expect(k.failures).toEqual(['media_lost']);
  });

  it('counts the silence on when the counters fall to 0 (webrtcbin forgets a silent source after ~10 s)', async () => {
    const k = await inCall();
    await during(k, 10_000);
    k.inbound.bytes = 0;
    k.inbound.frames = 0;
    await during(k, 8_000);
    expect(k.failures).toEqual([]);
    await during(k, 4_000);
    expect(k.failures).toEqual(['media_lost']);
  });

  it('never hangs up while media keeps arriving, nor on an engine whose counters never moved', async () => {
    const k = await inCall();
    await during(k, 60_000, () => {
      k.inbound.bytes += 100;
    });
    expect(k.failures).toEqual([]);
    const silent = await bridged('callee');
    silent.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'first' });
    await flush();
    silent.move('connected');
    await during(silent, 60_000);
    expect(silent.failures).toEqual([]);
  });

  it("leaves a connection that ICE itself reports as broken to ICE's own recovery, and watches again once it is back", async () => {
    const k = await inCall();
    k.move('disconnected');
    await during(k, 60_000);
    expect(k.failures).toEqual([]);
    k.move('connected');
    await during(k, 18_000);
    expect(k.failures).toEqual([]);
    await during(k, 4_000);
    expect(k.failures).toEqual(['media_lost']);
  });

  it('stops watching when the call is hung up', async () => {
    const k = await inCall();
    await k.bridge.stop();
    await during(k, 60_000);
    expect(k.failures).toEqual([]);
  });
});

describe('the ICE servers of a rebuilt call', () => {
  it("opens the call rebuilt after a resume with the resume's fresh TURN credentials, not the call's first ones", async () => {
    const first: IceConfig = {
      iceServers: [{ urls: ['turn:turn.example.dk:3478'], username: '1000:device', credential: 'old' }],
      iceTransportPolicy: 'relay',
    };
    const fresh: IceConfig = {
      iceServers: [{ urls: ['turn:turn.example.dk:3478'], username: '9000:device', credential: 'new' }],
      iceTransportPolicy: 'relay',
    };
    const k = await bridged('caller', false, first);
    await flush();
    k.move('connected');
    k.bridge.renegotiate(fresh);
    await flush();
    await flush();
    expect(k.opens).toEqual([first, fresh]);
    // A later rebuild (ICE failed on the fresh call) keeps the fresh ones.
    k.rebuilt[0]?.move('connected');
    k.rebuilt[0]?.move('failed');
    await flush();
    await flush();
    expect(k.opens).toEqual([first, fresh, fresh]);
  });
});

import type { ClientMessage } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { CallBridge } from '../../src/media/call-bridge.js';
import type { IceConfig } from '../../src/media/ice.js';
import type { MediaCall, MediaConnectionState } from '../../src/media-engine.js';

/** The call bridge's tests (device/src/media/call-bridge*.test.ts): one call id, scripted connections, a fake clock. */
export const callId = '00000000-0000-4000-8000-000000000001';
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A connection whose state the test moves, recording what the bridge asks of it. The engines themselves,
 * with real media, are covered by device/test/media/engine-suite.ts against Chromium.
 */
export function scriptedCall(renegotiates = true, name = 'call') {
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
    useIce: (ice) => {
      asked.push(`ice ${ice.iceServers.map((s) => s.username ?? '-').join(',')}`);
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

export async function bridged(
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

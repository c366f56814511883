import { describe, expect, it } from 'vitest';
import { bridged, callId, flush } from '../../test/media/call-bridge-kit.js';
import { ICE_REFRESH_WAIT_MS } from './call-bridge.js';
import type { IceConfig } from './ice.js';
import { iceIsStale, turnExpiresAt } from './ice.js';

/** The kit's fake clock starts at 2026-01-01T10:00:00Z. */
const START_S = Date.parse('2026-01-01T10:00:00Z') / 1000;

/** Relay-only TURN with a REST credential that expires `inS` seconds after the kit's start. */
const turn = (inS: number, credential: string): IceConfig => ({
  iceServers: [{ urls: ['turn:turn.example.dk:3478'], username: `${START_S + inS}:device`, credential }],
  iceTransportPolicy: 'relay',
});
const FIRST = turn(3_600, 'first');
const NEWER = turn(7_200, 'newer');

/** A call answered (callee) or offered (caller) and connected. */
async function connectedCall(role: 'caller' | 'callee', renegotiates: boolean, ice: IceConfig) {
  const k = await bridged(role, renegotiates, ice);
  if (role === 'callee') k.bridge.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: 'first' });
  await flush();
  k.move('connected');
  return k;
}

const restartOffer = { v: 1, type: 'rtc.offer', callId, sdp: 'again', iceRestart: true } as const;
const settle = async () => {
  for (let i = 0; i < 5; i++) await flush();
};

describe('the ICE servers of a restart or rebuild (the newest the kiosk holds)', () => {
  it('wrtc, callee: answers the caller’s ICE restart after setting the newest servers on the connection', async () => {
    const k = await connectedCall('callee', true, FIRST);
    // A later rtc.config (the kiosk's own resume: its connection is kept, call-media.ts hands the servers on).
    k.bridge.useIce(NEWER);
    k.move('failed');
    k.bridge.handleSignal(restartOffer);
    await settle();
    expect(k.asked).toEqual(['answer first', `ice ${START_S + 7_200}:device`, 'answer again']);
  });

  it('wrtc, caller: restarts ICE after setting the newest servers on the connection', async () => {
    const k = await connectedCall('caller', true, FIRST);
    k.bridge.useIce(NEWER);
    k.move('failed');
    await settle();
    expect(k.asked).toEqual(['offer', `ice ${START_S + 7_200}:device`, 'restart']);
    expect(k.sent.at(-1)).toMatchObject({ type: 'rtc.offer', iceRestart: true });
  });

  it('webrtcbin, callee and caller: the rebuilt call opens with the newest servers', async () => {
    for (const role of ['callee', 'caller'] as const) {
      const k = await connectedCall(role, false, FIRST);
      k.bridge.useIce(NEWER);
      k.move('failed');
      if (role === 'callee') k.bridge.handleSignal(restartOffer);
      await settle();
      expect(k.opens, role).toEqual([FIRST, NEWER]);
    }
  });

  it('with servers still valid, asks for nothing and does not touch the connection', async () => {
    const k = await connectedCall('callee', true, FIRST);
    k.move('failed');
    k.bridge.handleSignal(restartOffer);
    await settle();
    expect(k.asked).toEqual(['answer first', 'answer again']);
    expect(k.sent.map((m) => m.type)).toEqual(['rtc.answer', 'rtc.answer']);
  });
});

describe('a restart whose TURN credentials have expired', () => {
  it('asks the cloud (rtc.config.request), waits for its rtc.config, and restarts with it', async () => {
    const k = await connectedCall('callee', false, turn(20, 'short'));
    k.clock.advance(60_000); // a minute into the call: the credentials expired 40 s ago
    k.move('failed');
    k.bridge.handleSignal(restartOffer);
    await settle();
    expect(k.sent.at(-1)).toEqual({ v: 1, type: 'rtc.config.request', callId });
    expect(k.rebuilt).toHaveLength(0); // waiting: nothing is rebuilt with servers coturn would refuse
    const fresh = turn(60 + 3_600, 'fresh');
    k.bridge.useIce(fresh); // the cloud's answer (call-media.ts passes it on)
    await settle();
    expect(k.opens).toEqual([turn(20, 'short'), fresh]);
    expect(k.sent.at(-1)).toMatchObject({ type: 'rtc.answer', sdp: 'call-2 answer-to-again' });
  });

  it('asks also when they expire within the margin, and goes on with what it has when no answer comes in time', async () => {
    const k = await connectedCall('caller', true, turn(20, 'short'));
    k.move('failed');
    await settle();
    expect(k.sent.at(-1)).toEqual({ v: 1, type: 'rtc.config.request', callId });
    expect(k.asked).toEqual(['offer']);
    k.clock.advance(ICE_REFRESH_WAIT_MS - 1);
    await settle();
    expect(k.asked).toEqual(['offer']);
    k.clock.advance(1); // an older cloud drops the request: the restart is not held up for longer
    await settle();
    expect(k.asked).toEqual(['offer', 'restart']);
    expect(k.sent.at(-1)).toMatchObject({ type: 'rtc.offer', iceRestart: true });
    expect(k.failures).toEqual([]);
  });

  it('goes on at once with what it has when the cloud refuses the request as too frequent (rate_limited)', async () => {
    const k = await connectedCall('caller', true, turn(20, 'short'));
    k.move('failed');
    await settle();
    expect(k.sent.at(-1)).toEqual({ v: 1, type: 'rtc.config.request', callId });
    k.bridge.iceRefused(); // the cloud's `error` rate_limited, as the call controller hands it on
    await settle();
    // No waiting out ICE_REFRESH_WAIT_MS for an answer that will not come.
    expect(k.asked).toEqual(['offer', 'restart']);
    expect(k.sent.at(-1)).toMatchObject({ type: 'rtc.offer', iceRestart: true });
    expect(k.failures).toEqual([]);
    // A refusal with no restart waiting changes nothing.
    k.bridge.iceRefused();
    await settle();
    expect(k.asked).toEqual(['offer', 'restart']);
  });

  it('hands a waiting restart nothing once the call has stopped', async () => {
    const k = await connectedCall('caller', false, turn(20, 'short'));
    k.move('failed');
    await settle();
    await k.bridge.stop();
    await settle();
    expect(k.rebuilt).toHaveLength(0);
    expect(k.failures).toEqual([]);
  });
});

describe('TURN REST credential expiry (draft-uberti-behave-turn-rest-00 §2.2)', () => {
  it('reads the earliest expiry from "<unix seconds>:<user>" usernames, and none from static ones or STUN', () => {
    expect(
      turnExpiresAt({ iceServers: [...NEWER.iceServers, ...FIRST.iceServers], iceTransportPolicy: 'all' }),
    ).toBe((START_S + 3_600) * 1000);
    const stunAndStatic: IceConfig = {
      iceServers: [
        { urls: 'stun:stun.example.dk:3478' },
        { urls: 'turn:turn.example.dk', username: 'kiosk', credential: 'static' },
        { urls: 'turn:turn.example.dk', username: '9000:device', credential: 'not a time' },
      ],
      iceTransportPolicy: 'all',
    };
    expect(turnExpiresAt(stunAndStatic)).toBeNull();
    expect(iceIsStale(stunAndStatic, Number.MAX_SAFE_INTEGER)).toBe(false);
    const now = START_S * 1000;
    expect(iceIsStale(turn(31, 'x'), now)).toBe(false);
    expect(iceIsStale(turn(29, 'x'), now)).toBe(true);
    expect(iceIsStale(turn(-5, 'x'), now)).toBe(true);
  });
});

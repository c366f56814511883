import { describe, expect, it } from 'vitest';
import { bridged, callId, flush } from '../../test/media/call-bridge-kit.js';
import { MediaError } from './errors.js';

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

import type { FakeClock } from '@screenvisit/protocol/testing';
import { describe, expect, it } from 'vitest';
import { bridged, callId, flush } from '../../test/media/call-bridge-kit.js';
import type { IceConfig } from './ice.js';

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

import type { ServerMessage } from '@screenvisit/protocol';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createCallMedia } from './call-media.js';
import type { IceConfig, MediaEngine, MediaSession, RtcSignal } from './media-engine.js';

const callId = '00000000-0000-4000-8000-0000000000c1';

/** Records, in order, what call-media asks of the engine; `credential` names the ICE config it was given. */
class RecordingEngine implements MediaEngine {
  readonly name = 'wrtc' as const;
  readonly available = true;
  readonly steps: string[] = [];
  async openCall(): Promise<never> {
    throw new Error('not used');
  }
  async prepare() {}
  async start(session: MediaSession) {
    this.steps.push(`start ${session.ice?.iceServers[0]?.credential ?? 'defaults'}`);
  }
  handleSignal(signal: RtcSignal) {
    this.steps.push(signal.type);
  }
  renegotiate(ice?: IceConfig) {
    this.steps.push(`renegotiate ${ice?.iceServers[0]?.credential ?? 'same'}`);
  }
  useIce(ice: IceConfig) {
    this.steps.push(`ice ${ice.iceServers[0]?.credential}`);
  }
  async stats() {
    return null;
  }
  async stop() {}
}

const config = (credential: string, id = callId): Extract<ServerMessage, { type: 'rtc.config' }> => ({
  v: 1,
  type: 'rtc.config',
  callId: id,
  iceServers: [{ urls: ['turn:turn.example.dk:3478'], username: '1767261600:device', credential }],
  iceTransportPolicy: 'relay',
});
const session = { callId, send: () => {}, up: () => {}, failed: () => {} };
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the ICE servers of a call’s media', () => {
  it('hands every rtc.config after media started to the engine, in order with the signalling', async () => {
    const engine = new RecordingEngine();
    const media = createCallMedia({ media: engine, log: pino({ level: 'silent' }), callId: () => callId });
    media.config(config('first'));
    media.start(session, () => {});
    media.signal({ v: 1, type: 'rtc.offer', callId, sdp: 'v=0' });
    // The kiosk's OWN resume: the cloud sends a fresh rtc.config before call.accepted, and the connection is kept
    // (answered-call.ts renegotiates nothing): the engine still gets the servers for its next restart.
    media.config(config('own-resume'));
    // The answer to the engine's rtc.config.request, and one for another call (ignored).
    media.config(config('requested'));
    media.config(config('not ours', '00000000-0000-4000-8000-0000000000c2'));
    media.signal({ v: 1, type: 'rtc.offer', callId, sdp: 'v=0' });
    await settle();
    expect(engine.steps).toEqual([
      'start first',
      'rtc.offer',
      'ice own-resume',
      'ice requested',
      'rtc.offer',
    ]);
  });

  it('keeps a config that comes before media starts for the start, and forgets it with the call', async () => {
    const engine = new RecordingEngine();
    let current: string | null = callId;
    const media = createCallMedia({ media: engine, log: pino({ level: 'silent' }), callId: () => current });
    media.config(config('early'));
    await settle();
    expect(engine.steps).toEqual([]);
    media.reset();
    media.start(session, () => {});
    await settle();
    expect(engine.steps).toEqual(['start defaults']);
    current = null;
    media.config(config('late'));
    await settle();
    expect(engine.steps).toEqual(['start defaults']);
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  inAnsweredNightWatchCall,
  incoming,
  kiosk,
  RecordingEngine,
  settle,
} from '../test/call-controller-kit.js';
import { HANGUP_CONFIRM_MS } from './call-controller.js';
import { MEDIA_LOST } from './media-engine.js';

/**
 * A call already answered: the cloud resumes it (the console reloaded, or the kiosk's own link came back),
 * or its media is lost and the kiosk hangs up as failed.
 */
describe('calls on the kiosk: an answered call resumed or losing its media', () => {
  it('offers media again, still in the call, when the cloud resumes it after the night-watch console reloaded', async () => {
    const { media, machine, calls, accepted } = await inAnsweredNightWatchCall();
    expect(media.renegotiations).toBe(0);
    // The console reloads: the cloud keeps the call and, once the console is back, says call.accepted again.
    calls.handle(accepted);
    await settle();
    expect(media.renegotiations).toBe(1);
    expect(media.sessions).toHaveLength(1);
    expect(media.stops).toBe(0);
    expect(machine.state).toBe('in_call');
    // Not for a call that is not ours.
    calls.handle({ ...accepted, callId: randomUUID() });
    await settle();
    expect(media.renegotiations).toBe(1);
  });

  it('keeps its media when the call is resumed after its own link came back (the console never left)', async () => {
    const { media, machine, calls, accepted } = await inAnsweredNightWatchCall();
    // The kiosk's own MQTT session drops and comes back: the cloud resumes the call and says call.accepted again.
    calls.linkReturned();
    calls.handle(accepted);
    await settle();
    expect(media.renegotiations).toBe(0);
    expect(machine.state).toBe('in_call');
    // A later resume that is not its own (the console reloaded) negotiates again.
    calls.handle(accepted);
    await settle();
    expect(media.renegotiations).toBe(1);
  });

  it('uses the fresh ICE servers the cloud sends with a resume, not the ones the call began with', async () => {
    const { media, calls, callId, accepted } = await inAnsweredNightWatchCall();
    const fresh = {
      iceServers: [{ urls: ['turn:turn.example.dk:3478'], username: '9000:device', credential: 'new' }],
      iceTransportPolicy: 'relay' as const,
    };
    // The cloud sends rtc.config before every call.accepted (cloud/src/realtime/sender.ts), the resume's too.
    calls.handle({ v: 1, type: 'rtc.config', callId, ...fresh });
    calls.handle(accepted);
    await settle();
    expect(media.renegotiatedWith).toEqual([fresh]);
  });

  it('hangs up a night-watch call whose media was lost as failed, and says calmly that she can call again', async () => {
    const { media, machine, calls, callId, sent, screen, clock } = await inAnsweredNightWatchCall();
    // The engine's no-media watchdog (media/no-media-watchdog.ts): nothing came in for 20 s while ICE stayed up.
    media.sessions[0]!.failed(MEDIA_LOST);
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId, reason: 'failed' });
    await settle();
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().message?.text).toBe('Forbindelsen blev afbrudt. Du kan ringe igen.');
    expect(media.stops).toBeGreaterThan(0);
    // The cloud confirms with call.ended: nothing more is sent.
    calls.handle({ v: 1, type: 'call.ended', callId, reason: 'failed' });
    clock.advance(HANGUP_CONFIRM_MS);
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId, reason: 'failed' });
    // The night-watch button works again at once.
    calls.pressNightWatch();
    expect(sent.at(-1)).toMatchObject({ type: 'call.place' });
  });

  it('hangs up again without a reason when an older cloud never answers the hang-up that carries one', async () => {
    const { media, calls, callId, sent, clock } = await inAnsweredNightWatchCall();
    media.sessions[0]!.failed(MEDIA_LOST);
    await settle();
    clock.advance(HANGUP_CONFIRM_MS - 1);
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId, reason: 'failed' });
    clock.advance(1);
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId });
    clock.advance(60_000);
    expect(sent.filter((m) => m.type === 'call.hangup')).toHaveLength(2);
    expect(calls.callId).toBeNull();
  });

  it("ends a nurse's call whose media was lost as failed, saying the call is over; media that never came up is hung up as before", async () => {
    const media = new RecordingEngine();
    const { sent, machine, screen, calls } = kiosk({ media });
    const callId = randomUUID();
    calls.handle(incoming(callId));
    calls.touch();
    calls.handle({ v: 1, type: 'call.accepted', callId, by: { kind: 'citizen', id: randomUUID() } });
    await settle();
    media.sessions[0]!.up();
    media.sessions[0]!.failed(MEDIA_LOST);
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId, reason: 'failed' });
    await settle();
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().message?.text).toBe('Forbindelsen blev afbrudt. Opkaldet er slut.');

    const second = randomUUID();
    calls.handle(incoming(second));
    calls.touch();
    calls.handle({ v: 1, type: 'call.accepted', callId: second, by: { kind: 'citizen', id: randomUUID() } });
    await settle();
    media.sessions[1]!.failed('ice_failed');
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId: second });
  });
});

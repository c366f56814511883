import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { incoming, kiosk, RecordingEngine, settle } from '../test/call-controller-kit.js';
import { screenView } from './screen/screen-view.js';

/**
 * A staff member's call reaching the kiosk: the countdown and quiet hours, media prepared while it rings and
 * started once answered, a second call, sleep after a call, and the missed call she is shown.
 */
describe('calls on the kiosk: a staff call', () => {
  it('counts down on screen and answers when the countdown reaches zero', () => {
    const { clock, sent, machine, screen, calls } = kiosk();
    const callId = randomUUID();
    calls.handle(incoming(callId, 3_000));
    expect(screen.snapshot().autoAnswerInSeconds).toBe(3);
    clock.advance(1_000);
    expect(screen.snapshot().autoAnswerInSeconds).toBe(2);
    clock.advance(1_999);
    expect(screen.snapshot().autoAnswerInSeconds).toBe(1);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent).toEqual([{ v: 1, type: 'call.accept', callId }]);
    expect(machine.state).toBe('connecting');
    expect(screen.snapshot().autoAnswerInSeconds).toBeNull();
  });

  it('rings but never answers by itself during quiet hours, even when the cloud sent a countdown', () => {
    // 23:30 in Copenhagen (CET), inside 22:00–07:00.
    const { clock, sent, machine, screen, calls } = kiosk({
      quietHours: { start: '22:00', end: '07:00' },
      now: Date.parse('2026-01-15T22:30:00Z'),
    });
    const callId = randomUUID();
    calls.handle(incoming(callId, 3_000));
    expect(machine.state).toBe('ringing');
    expect(screen.snapshot().autoAnswerInSeconds).toBeNull();
    clock.advance(60_000);
    expect(sent).toEqual([]);
    expect(machine.state).toBe('ringing');
    calls.pressAnswer();
    expect(sent).toEqual([{ v: 1, type: 'call.accept', callId }]);
  });

  it('answers by itself again once quiet hours are over', () => {
    // 07:00 in Copenhagen: the end minute is no longer quiet.
    const { clock, sent, calls } = kiosk({
      quietHours: { start: '22:00', end: '07:00' },
      now: Date.parse('2026-01-16T06:00:00Z'),
    });
    const callId = randomUUID();
    calls.handle(incoming(callId, 3_000));
    clock.advance(3_000);
    expect(sent).toEqual([{ v: 1, type: 'call.accept', callId }]);
  });

  it('does not auto-answer a call the cloud already ended', async () => {
    const { clock, sent, machine, calls } = kiosk();
    const callId = randomUUID();
    calls.handle(incoming(callId, 3_000));
    calls.handle({ v: 1, type: 'call.ended', callId, reason: 'no_answer' });
    await settle();
    clock.advance(10_000);
    expect(sent).toEqual([]);
    expect(machine.state).toBe('idle');
  });

  it('only prepares media while ringing, and undoes it for a declined or missed call without starting media', async () => {
    // start() is what opens the camera and microphone (MediaEngine); prepare() must not, and is undone by stop().
    // declined on the kiosk, missed (the cloud's ring timeout), cancelled by the caller (hung_up while ringing)
    for (const end of ['declined', 'no_answer', 'hung_up'] as const) {
      const media = new RecordingEngine();
      const { machine, calls } = kiosk({ media });
      const callId = randomUUID();
      calls.handle(incoming(callId));
      expect(media.prepares).toEqual([callId]);
      if (end === 'declined') calls.longPressAnswer();
      else calls.handle({ v: 1, type: 'call.ended', callId, reason: end });
      // Late signalling for the ended call must not start media either.
      calls.handle({ v: 1, type: 'call.accepted', callId, by: { kind: 'citizen', id: randomUUID() } });
      calls.handle({ v: 1, type: 'rtc.offer', callId, sdp: 'v=0' });
      await settle();
      expect(media.sessions).toEqual([]);
      expect(media.signals).toEqual([]);
      expect(media.stops, end).toBeGreaterThan(0);
      expect(machine.state).toBe('idle');
    }
  });

  it('hangs up an accepted call whose media never comes up', async () => {
    const { clock, sent, machine, calls } = kiosk();
    const callId = randomUUID();
    calls.handle(incoming(callId));
    calls.pressAnswer();
    clock.advance(29_999);
    expect(machine.state).toBe('connecting');
    clock.advance(1);
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId });
    await settle();
    expect(machine.state).toBe('idle');
  });

  it('puts the screen to sleep the configured time after a call ends, not before', async () => {
    const { clock, machine, calls } = kiosk();
    const callId = randomUUID();
    calls.handle(incoming(callId));
    calls.handle({ v: 1, type: 'call.ended', callId, reason: 'hung_up' });
    await settle();
    expect(machine.state).toBe('idle');
    clock.advance(14_999);
    expect(machine.state).toBe('idle');
    clock.advance(1);
    expect(machine.state).toBe('asleep');
  });

  it('declines a second call while one is ringing, and keeps the first', () => {
    const { sent, machine, screen, calls } = kiosk();
    const first = randomUUID();
    const second = randomUUID();
    calls.handle(incoming(first));
    calls.handle(incoming(second));
    expect(sent).toEqual([{ v: 1, type: 'call.decline', callId: second }]);
    expect(calls.callId).toBe(first);
    expect(machine.state).toBe('ringing');
    expect(screen.snapshot().callerName).toBe('Ole');
  });

  it('ignores the end of a call that is not the current one', () => {
    const { machine, calls } = kiosk();
    calls.handle(incoming(randomUUID()));
    calls.handle({ v: 1, type: 'call.ended', callId: randomUUID(), reason: 'hung_up' });
    expect(machine.state).toBe('ringing');
  });

  it('answers a staff call: media starts on call.accepted with the cloud ICE servers, then takes the offer', async () => {
    const media = new RecordingEngine();
    const { sent, machine, calls } = kiosk({ media });
    const callId = randomUUID();
    calls.handle(incoming(callId));
    calls.touch();
    expect(sent).toEqual([{ v: 1, type: 'call.accept', callId }]);
    expect(media.sessions).toEqual([]);
    const iceServers = [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }];
    calls.handle({ v: 1, type: 'rtc.config', callId, iceServers, iceTransportPolicy: 'relay' });
    calls.handle({ v: 1, type: 'call.accepted', callId, by: { kind: 'citizen', id: randomUUID() } });
    calls.handle({ v: 1, type: 'rtc.offer', callId, sdp: 'v=0' });
    await settle();
    expect(media.sessions).toHaveLength(1);
    expect(media.sessions[0]).toMatchObject({
      callId,
      role: 'callee',
      ice: { iceServers, iceTransportPolicy: 'relay' },
    });
    expect(media.signals).toEqual([{ v: 1, type: 'rtc.offer', callId, sdp: 'v=0' }]);
    media.sessions[0]!.up();
    expect(machine.state).toBe('in_call');
    calls.pressAnswer();
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId });
    await settle();
    expect(media.stops).toBeGreaterThan(0);
    expect(machine.state).toBe('idle');
  });

  it('hands the cloud’s rate_limited refusal of its ICE-server request to the engine, and no other error', async () => {
    const media = new RecordingEngine();
    const { calls } = kiosk({ media });
    const callId = randomUUID();
    // No call yet: nothing to hand on.
    calls.handle({ v: 1, type: 'error', code: 'rate_limited', message: 'Too many requests.' });
    calls.handle(incoming(callId));
    calls.touch();
    calls.handle({ v: 1, type: 'call.accepted', callId, by: { kind: 'citizen', id: randomUUID() } });
    await settle();
    calls.handle({ v: 1, type: 'error', code: 'unknown_call', message: 'There is no such call.' });
    calls.handle({ v: 1, type: 'error', code: 'rate_limited', message: 'Try again in 42 s.' });
    await settle();
    expect(media.iceRefusals).toBe(1);
  });

  it('remembers a staff call she missed through sleep, until she presses the green button or answers', async () => {
    const { clock, machine, screen, calls } = kiosk();
    const glass = () => screenView(screen.snapshot(), { now: clock.now(), timeZone: 'Europe/Copenhagen' });
    const first = randomUUID();
    calls.handle(incoming(first));
    clock.advance(45_000);
    calls.handle({ v: 1, type: 'call.ended', callId: first, reason: 'no_answer' });
    await settle();
    // 2026-01-01 11:00:45 in Copenhagen.
    expect(glass().hint).toBe('Ole ringede kl. 11.00');
    clock.advance(15_000);
    expect(machine.state).toBe('asleep');
    // Hours later she wakes the screen: it is still there.
    clock.advance(3 * 3_600_000);
    calls.pressAnswer();
    expect(machine.state).toBe('idle');
    expect(glass().hint).toBe('Ole ringede kl. 11.00');
    // A second press is her "seen".
    calls.pressAnswer();
    expect(glass().hint).toBeNull();
    expect(machine.state).toBe('idle');

    // A call the caller gives up while it rings is missed too; the next call she answers clears it.
    const second = randomUUID();
    calls.handle(incoming(second));
    calls.handle({ v: 1, type: 'call.ended', callId: second, reason: 'hung_up' });
    await settle();
    expect(screen.snapshot().missedCall?.from).toBe('Ole');
    const third = randomUUID();
    calls.handle(incoming(third));
    calls.pressAnswer();
    expect(screen.snapshot().missedCall).toBeNull();
  });

  it('does not call a declined call, or one she took on her own phone, missed', async () => {
    const { screen, calls } = kiosk();
    const declined = randomUUID();
    calls.handle(incoming(declined));
    calls.longPressAnswer();
    await settle();
    expect(screen.snapshot().missedCall).toBeNull();
    const taken = randomUUID();
    calls.handle(incoming(taken));
    calls.handle({ v: 1, type: 'call.taken', callId: taken });
    await settle();
    expect(screen.snapshot().missedCall).toBeNull();
  });
});

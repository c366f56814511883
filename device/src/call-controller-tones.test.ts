import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { incoming, kiosk, settle } from '../test/call-controller-kit.js';
import { PLACE_ANSWER_TIMEOUT_MS } from './call-controller.js';

/**
 * The tones the kiosk plays itself while the resident's night-watch call rings out, is answered or reaches
 * nobody (the speaker's ringback and not-reached tone); none for a staff call.
 */
describe('what the resident hears of her own night-watch call', () => {
  const poolId = randomUUID();
  const named = (callId: string) =>
    ({ v: 1, type: 'call.ringing', requestId: 'req-1', callId, to: { kind: 'pool', id: poolId } }) as const;

  it('rings back from the press until a console accepts, and not a moment longer', async () => {
    const { clock, tones, machine, calls } = kiosk({ nightWatch: true, poolId });
    calls.pressNightWatch();
    // At once, before the cloud has even named the call: she hears that the button did something.
    expect(tones).toEqual(['ringback']);
    const callId = randomUUID();
    calls.handle(named(callId));
    clock.advance(90_000);
    expect(tones).toEqual(['ringback']);
    calls.handle({ v: 1, type: 'call.accepted', callId, by: { kind: 'staff', id: randomUUID() } });
    expect(tones).toEqual(['ringback', null]);
    expect(machine.state).toBe('connecting');
    // Answered and ended normally: nothing more to hear from the kiosk's own tones.
    calls.handle({ v: 1, type: 'call.ended', callId, reason: 'hung_up' });
    await settle();
    expect(tones).toEqual(['ringback', null]);
  });

  it('stops ringing back and plays the not-reached tone when nobody on night watch can take the call', async () => {
    const { tones, calls } = kiosk({ nightWatch: true, poolId });
    calls.pressNightWatch();
    calls.handle(named(randomUUID()));
    calls.handle({
      v: 1,
      type: 'call.refused',
      requestId: 'req-1',
      code: 'nobody_on_duty',
      message: 'Ring 70 10 20 30',
      fallbackPhone: '70 10 20 30',
    });
    await settle();
    expect(tones).toEqual(['ringback', 'not-reached']);
  });

  it('plays the not-reached tone when the kiosk gives the call up, on either timer', async () => {
    const silent = kiosk({ nightWatch: true, poolId });
    silent.calls.pressNightWatch();
    silent.clock.advance(PLACE_ANSWER_TIMEOUT_MS);
    await settle();
    expect(silent.tones).toEqual(['ringback', 'not-reached']);

    const unanswered = kiosk({ nightWatch: true, poolId });
    unanswered.calls.pressNightWatch();
    unanswered.calls.handle(named(randomUUID()));
    unanswered.clock.advance(119_999);
    expect(unanswered.tones).toEqual(['ringback']);
    unanswered.clock.advance(1);
    await settle();
    expect(unanswered.tones).toEqual(['ringback', 'not-reached']);
  });

  it('says nobody was reached, on the glass and by ear, when the cloud ends the call while it rings out', async () => {
    const { tones, machine, screen, calls } = kiosk({ nightWatch: true, poolId });
    calls.pressNightWatch();
    const callId = randomUUID();
    calls.handle(named(callId));
    calls.handle({ v: 1, type: 'call.ended', callId, reason: 'failed' });
    await settle();
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().message?.code).toBe('night_watch_unreachable');
    expect(tones).toEqual(['ringback', 'not-reached']);
  });

  it('stops ringing back without the not-reached tone when she hangs up herself', async () => {
    const { tones, calls } = kiosk({ nightWatch: true, poolId });
    calls.pressNightWatch();
    calls.handle(named(randomUUID()));
    calls.pressAnswer();
    await settle();
    expect(tones).toEqual(['ringback', null]);
  });

  it('plays the not-reached tone at once when the button is pressed offline', async () => {
    const { tones, calls } = kiosk({ nightWatch: true, poolId, online: false });
    calls.pressNightWatch();
    expect(tones).toEqual(['not-reached']);
  });

  it('plays the not-reached tone when the button reaches nobody because night watch is off or not set up', () => {
    const off = kiosk();
    off.calls.pressNightWatch();
    expect(off.tones).toEqual(['not-reached']);
    const noPool = kiosk({ nightWatch: true });
    noPool.calls.pressNightWatch();
    expect(noPool.tones).toEqual(['not-reached']);
  });

  it('stops ringing back when the call is dropped by a wipe', async () => {
    const { tones, calls } = kiosk({ nightWatch: true, poolId });
    calls.pressNightWatch();
    await calls.abort();
    expect(tones).toEqual(['ringback', null]);
  });

  it('plays none of these tones for a staff call, rung out, answered or declined', async () => {
    const { tones, calls } = kiosk({ nightWatch: true, poolId });
    const missed = randomUUID();
    calls.handle(incoming(missed));
    calls.handle({ v: 1, type: 'call.ended', callId: missed, reason: 'no_answer' });
    await settle();
    const answered = randomUUID();
    calls.handle(incoming(answered));
    calls.pressAnswer();
    calls.handle({ v: 1, type: 'call.accepted', callId: answered, by: { kind: 'staff', id: randomUUID() } });
    calls.handle({ v: 1, type: 'call.ended', callId: answered, reason: 'hung_up' });
    await settle();
    calls.handle(incoming(randomUUID()));
    calls.longPressAnswer();
    await settle();
    expect(tones).toEqual([]);
  });
});

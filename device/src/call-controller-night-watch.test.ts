import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kiosk, RecordingEngine, settle } from '../test/call-controller-kit.js';
import { FALLBACK_SHOWN_MS, PLACE_ANSWER_TIMEOUT_MS } from './call-controller.js';
import { screenView } from './screen/screen-view.js';

/**
 * The resident's night-watch button: calling the pool, what the glass says while it rings and when nobody is
 * reached, and giving up a call the cloud never answers.
 */
describe('calls on the kiosk: the night-watch button', () => {
  it('wakes on a press and explains that night watch is not switched on', () => {
    const { sent, machine, screen, calls } = kiosk();
    calls.pressNightWatch();
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().message?.code).toBe('night_watch_disabled');
    expect(sent).toEqual([]);
  });

  it('sends nothing when night watch is enabled without a pool, and says it is not set up', () => {
    const { sent, screen, calls } = kiosk({ nightWatch: true });
    calls.pressNightWatch();
    expect(screen.snapshot().message?.code).toBe('night_watch_unavailable');
    expect(sent).toEqual([]);
  });

  it('calls the night-watch pool and offers media once a console accepted', async () => {
    const media = new RecordingEngine();
    const poolId = randomUUID();
    const { sent, machine, screen, calls } = kiosk({ nightWatch: true, poolId, media });
    calls.pressNightWatch();
    expect(sent).toEqual([
      { v: 1, type: 'call.place', requestId: 'req-1', to: { kind: 'pool', id: poolId } },
    ]);
    expect(machine.state).toBe('connecting');
    expect(screen.snapshot().message?.code).toBe('calling_night_watch');
    const callId = randomUUID();
    calls.handle({
      v: 1,
      type: 'call.ringing',
      requestId: 'req-1',
      callId,
      to: { kind: 'pool', id: poolId },
    });
    // Named by the cloud, the call is prepared while the consoles ring, but media starts only once accepted.
    expect(media.prepares).toEqual([callId]);
    expect(media.sessions).toEqual([]);
    calls.handle({ v: 1, type: 'call.accepted', callId, by: { kind: 'staff', id: randomUUID() } });
    await settle();
    expect(media.sessions[0]).toMatchObject({ callId, role: 'caller' });
    calls.handle({ v: 1, type: 'call.ended', callId, reason: 'hung_up' });
    await settle();
    expect(machine.state).toBe('idle');
  });

  it('names the night watch on the glass while the resident talks with it, and nobody after', async () => {
    const media = new RecordingEngine();
    const poolId = randomUUID();
    const { clock, machine, screen, calls } = kiosk({ nightWatch: true, poolId, media });
    calls.pressNightWatch();
    const callId = randomUUID();
    calls.handle({
      v: 1,
      type: 'call.ringing',
      requestId: 'req-1',
      callId,
      to: { kind: 'pool', id: poolId },
    });
    calls.handle({ v: 1, type: 'call.accepted', callId, by: { kind: 'staff', id: randomUUID() } });
    await settle();
    media.sessions[0]!.up();
    expect(machine.state).toBe('in_call');
    const glass = screenView(screen.snapshot(), { now: clock.now(), timeZone: 'Europe/Copenhagen' });
    expect(glass).toMatchObject({ page: 'call', title: 'Nattevagten', action: 'Læg på' });
    calls.handle({ v: 1, type: 'call.ended', callId, reason: 'hung_up' });
    await settle();
    expect(screen.snapshot().callerName).toBeNull();
  });

  it('says so on screen when nobody on night watch can take the call', async () => {
    const { machine, screen, calls } = kiosk({ nightWatch: true, poolId: randomUUID() });
    calls.pressNightWatch();
    calls.handle({
      v: 1,
      type: 'call.refused',
      requestId: 'req-1',
      code: 'nobody_on_duty',
      message: 'Ring 1234',
    });
    await settle();
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().message?.code).toBe('night_watch_unreachable');
  });

  it('keeps the fallback number on screen long enough to dial it, then sleeps as usual', async () => {
    const { clock, machine, screen, calls } = kiosk({ nightWatch: true, poolId: randomUUID() });
    calls.pressNightWatch();
    calls.handle({
      v: 1,
      type: 'call.refused',
      requestId: 'req-1',
      code: 'nobody_on_duty',
      message: 'Ring 70 10 20 30',
      fallbackPhone: '70 10 20 30',
    });
    await settle();
    clock.advance(60_000);
    // A minute on (the usual sleep is 15 s): the number is still there to read.
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().fallbackPhone).toBe('70 10 20 30');
    clock.advance(FALLBACK_SHOWN_MS - 60_000);
    expect(machine.state).toBe('asleep');
    expect(screen.snapshot().fallbackPhone).toBeNull();
    // Woken again, the rest screen sleeps after the usual 15 s.
    calls.pressAnswer();
    expect(machine.state).toBe('idle');
    clock.advance(15_000);
    expect(machine.state).toBe('asleep');
  });

  it('hangs up a night-watch call given up before the cloud named it, as soon as it does', async () => {
    const { sent, machine, calls } = kiosk({ nightWatch: true, poolId: randomUUID() });
    calls.pressNightWatch();
    calls.pressAnswer();
    await settle();
    expect(machine.state).toBe('idle');
    const callId = randomUUID();
    calls.handle({
      v: 1,
      type: 'call.ringing',
      requestId: 'req-1',
      callId,
      to: { kind: 'pool', id: randomUUID() },
    });
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId });
  });

  it('tells the resident at once that nobody was reached when the night-watch button is pressed offline', async () => {
    const { clock, sent, machine, screen, calls } = kiosk({
      nightWatch: true,
      poolId: randomUUID(),
      online: false,
    });
    calls.pressNightWatch();
    await settle();
    // Nothing queued to ring a night watch minutes later, and no "Ringer til nattevagten …" on a dead link.
    expect(sent).toEqual([]);
    expect(machine.state).toBe('idle');
    const glass = () => screenView(screen.snapshot(), { now: clock.now(), timeZone: 'Europe/Copenhagen' });
    expect(glass()).toMatchObject({
      tone: 'alert',
      title: 'Vi kunne ikke få fat i nattevagten',
      subtitle: 'Prøv igen, eller brug din alarm.',
    });
    // Lit as long as a fallback number would be, so a resident woken at night can read it.
    clock.advance(60_000);
    expect(machine.state).toBe('idle');
    clock.advance(FALLBACK_SHOWN_MS - 60_000);
    expect(machine.state).toBe('asleep');
  });

  it('gives up a night-watch call the cloud never answers and says nobody was reached, not the clock alone', async () => {
    const { clock, sent, machine, screen, calls } = kiosk({ nightWatch: true, poolId: randomUUID() });
    calls.pressNightWatch();
    expect(screen.snapshot().message?.code).toBe('calling_night_watch');
    clock.advance(PLACE_ANSWER_TIMEOUT_MS - 1);
    expect(machine.state).toBe('connecting');
    clock.advance(1);
    await settle();
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().message?.code).toBe('night_watch_unreachable');
    // Should the cloud ring it after all (the link was slow, not dead), the kiosk hangs it up at once.
    const callId = randomUUID();
    calls.handle({
      v: 1,
      type: 'call.ringing',
      requestId: 'req-1',
      callId,
      to: { kind: 'pool', id: randomUUID() },
    });
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId });
  });

  it('keeps ringing the night watch once the cloud named the call, and says so if nobody ever takes it', async () => {
    const poolId = randomUUID();
    const { clock, sent, machine, screen, calls } = kiosk({ nightWatch: true, poolId });
    calls.pressNightWatch();
    const callId = randomUUID();
    calls.handle({
      v: 1,
      type: 'call.ringing',
      requestId: 'req-1',
      callId,
      to: { kind: 'pool', id: poolId },
    });
    clock.advance(PLACE_ANSWER_TIMEOUT_MS * 2);
    expect(machine.state).toBe('connecting');
    clock.advance(120_000);
    await settle();
    expect(sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId });
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().message?.code).toBe('night_watch_unreachable');
  });
});

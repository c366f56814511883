import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { glass, kiosk, settle } from '../test/call-controller-kit.js';
import { FALLBACK_SHOWN_MS, PLACE_ANSWER_TIMEOUT_MS } from './call-controller.js';

/**
 * The night-watch pool's switchboard number shown in large digits when the watch cannot be reached.
 */
describe("the pool's switchboard number from the config, when the night watch cannot be reached", () => {
  const withNumber = (online = true) =>
    kiosk({ nightWatch: true, poolId: randomUUID(), online, fallbackPhone: '33 66 33 66' });

  it('shows it in large digits when the button is pressed offline', async () => {
    const k = withNumber(false);
    k.calls.pressNightWatch();
    await settle();
    expect(k.sent).toEqual([]);
    expect(glass(k)).toMatchObject({
      tone: 'alert',
      title: 'Vi kunne ikke få fat i nattevagten',
      subtitle: 'Ring i stedet til',
      detail: '33 66 33 66',
    });
    // Still there a minute later (the screen stays lit for FALLBACK_SHOWN_MS), gone when the screen sleeps.
    k.clock.advance(60_000);
    expect(glass(k).detail).toBe('33 66 33 66');
    k.clock.advance(FALLBACK_SHOWN_MS);
    await settle();
    expect(k.machine.state).toBe('asleep');
    expect(k.screen.snapshot().fallbackPhone).toBeNull();
  });

  it('shows it when the cloud never answered the call', async () => {
    const k = withNumber();
    k.calls.pressNightWatch();
    k.clock.advance(PLACE_ANSWER_TIMEOUT_MS);
    await settle();
    expect(glass(k)).toMatchObject({ subtitle: 'Ring i stedet til', detail: '33 66 33 66' });
  });

  it('shows it when nobody took the call in time', async () => {
    const k = withNumber();
    k.calls.pressNightWatch();
    const callId = randomUUID();
    k.calls.handle({
      v: 1,
      type: 'call.ringing',
      requestId: 'req-1',
      callId,
      to: { kind: 'pool', id: randomUUID() },
    });
    k.clock.advance(120_000);
    await settle();
    expect(k.sent.at(-1)).toEqual({ v: 1, type: 'call.hangup', callId });
    expect(glass(k)).toMatchObject({ subtitle: 'Ring i stedet til', detail: '33 66 33 66' });
  });

  it("shows the cloud's number when the cloud sends one, and the config's when its refusal has none", async () => {
    const k = withNumber();
    k.calls.pressNightWatch();
    k.calls.handle({
      v: 1,
      type: 'call.refused',
      requestId: 'req-1',
      code: 'nobody_on_duty',
      message: 'Ring i stedet til 70 10 20 30',
      fallbackPhone: '70 10 20 30',
    });
    await settle();
    expect(glass(k).detail).toBe('70 10 20 30');
    k.calls.pressNightWatch();
    k.calls.handle({ v: 1, type: 'call.refused', requestId: 'req-1', code: 'not_permitted', message: 'Nej' });
    await settle();
    expect(glass(k).detail).toBe('33 66 33 66');
  });

  it("keeps today's words when no number is set", async () => {
    const k = kiosk({ nightWatch: true, poolId: randomUUID(), online: false });
    k.calls.pressNightWatch();
    await settle();
    expect(glass(k)).toMatchObject({ subtitle: 'Prøv igen, eller brug din alarm.', detail: null });
  });
});

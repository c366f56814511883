import { randomUUID } from 'node:crypto';
import { type ClientMessage, DEFAULT_DEVICE_CONFIG, type DeviceStateName } from '@screenvisit/protocol';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type CallController, createCallController } from './call-controller.js';
import { createKioskScreen, type KioskScreen } from './kiosk-screen.js';
import { NoMediaEngine } from './media-engine.js';
import { createStateMachine } from './state-machine.js';
import { FakeClock } from '@screenvisit/protocol/testing';

const log = pino({ level: 'silent' });
const staff = { kind: 'staff' as const, id: randomUUID() };

function kiosk(options: { state?: DeviceStateName; nightWatch?: boolean } = {}) {
  const clock = new FakeClock();
  const sent: ClientMessage[] = [];
  const { contacts: _, ...defaults } = DEFAULT_DEVICE_CONFIG;
  const settings = { ...defaults, nightWatch: { enabled: options.nightWatch ?? false } };
  let screen: KioskScreen | undefined;
  let calls: CallController | undefined;
  const machine = createStateMachine({
    initial: options.state ?? 'asleep',
    log,
    onChange: (to) => {
      calls?.onState(to);
      screen?.update({ mode: to });
    },
  });
  screen = createKioskScreen({ clock, initial: machine.state, onChange: () => {} });
  calls = createCallController({
    clock,
    log,
    machine,
    screen,
    media: new NoMediaEngine(log),
    send: (m) => sent.push(m),
    settings: () => settings,
    sleepAfterMs: 15_000,
    connectTimeoutMs: 30_000,
  });
  return { clock, sent, machine, screen, calls };
}

/** finish() awaits the media engine's stop(): let those promises settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const incoming = (callId: string, autoAnswerAfterMs?: number) =>
  ({ v: 1, type: 'call.incoming', callId, from: staff, displayName: 'Ole', autoAnswerAfterMs }) as const;

describe('calls on the kiosk', () => {
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

  it('wakes on a press and explains that night watch is not switched on', () => {
    const { sent, machine, screen, calls } = kiosk();
    calls.pressNightWatch();
    expect(machine.state).toBe('idle');
    expect(screen.snapshot().message?.code).toBe('night_watch_disabled');
    expect(sent).toEqual([]);
  });

  it('sends nothing for night watch even when enabled, and says it is not available yet', () => {
    const { sent, screen, calls } = kiosk({ nightWatch: true });
    calls.pressNightWatch();
    expect(screen.snapshot().message?.code).toBe('night_watch_unavailable');
    expect(sent).toEqual([]);
  });
});

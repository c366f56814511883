import { randomUUID } from 'node:crypto';
import { type ClientMessage, DEFAULT_DEVICE_CONFIG, type DeviceStateName } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  type CallController,
  type CallTone,
  createCallController,
  FALLBACK_SHOWN_MS,
  HANGUP_CONFIRM_MS,
  PLACE_ANSWER_TIMEOUT_MS,
} from './call-controller.js';
import { createKioskScreen, type KioskScreen } from './kiosk-screen.js';
import {
  type IceConfig,
  MEDIA_LOST,
  type MediaEngine,
  type MediaSession,
  NoMediaEngine,
  type RtcSignal,
} from './media-engine.js';
import { screenView } from './screen/screen-view.js';
import { createStateMachine } from './state-machine.js';

const log = pino({ level: 'silent' });
const staff = { kind: 'staff' as const, id: randomUUID() };

/** Records what the controller asks of the engine (the engines themselves have their own suite). */
class RecordingEngine implements MediaEngine {
  readonly name = 'wrtc' as const;
  readonly available = true;
  readonly sessions: MediaSession[] = [];
  readonly signals: RtcSignal[] = [];
  readonly prepares: string[] = [];
  stops = 0;
  async openCall(): Promise<never> {
    throw new Error('not used');
  }
  async prepare(callId: string) {
    this.prepares.push(callId);
  }
  async start(session: MediaSession) {
    this.sessions.push(session);
  }
  handleSignal(signal: RtcSignal) {
    this.signals.push(signal);
  }
  renegotiations = 0;
  /** The ICE servers each renegotiation was given (the resume's fresh rtc.config), or null for none. */
  readonly renegotiatedWith: (IceConfig | null)[] = [];
  renegotiate(ice?: IceConfig) {
    this.renegotiations += 1;
    this.renegotiatedWith.push(ice ?? null);
  }
  async stats() {
    return null;
  }
  async stop() {
    this.stops += 1;
  }
}

function kiosk(
  options: {
    state?: DeviceStateName;
    nightWatch?: boolean;
    poolId?: string;
    media?: MediaEngine;
    quietHours?: { start: string; end: string };
    /** Epoch ms the fake clock starts at (default 2026-01-01 11:00 in Copenhagen). */
    now?: number;
    /** Whether the MQTT session is up (default: yes). */
    online?: boolean;
    /** The button's pool's switchboard number, as the pushed config carries it. */
    fallbackPhone?: string;
  } = {},
) {
  const clock = new FakeClock(options.now);
  const sent: ClientMessage[] = [];
  /** The call tones the controller asked the speaker for, in order (null: silence the ringback). */
  const tones: (CallTone | null)[] = [];
  const { contacts: _, ...defaults } = DEFAULT_DEVICE_CONFIG;
  const settings = {
    ...defaults,
    quietHours: options.quietHours ?? null,
    nightWatch: {
      enabled: options.nightWatch ?? false,
      ...(options.poolId ? { poolId: options.poolId } : {}),
      ...(options.fallbackPhone ? { fallbackPhone: options.fallbackPhone } : {}),
    },
  };
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
    media: options.media ?? new NoMediaEngine(log),
    send: (m) => sent.push(m),
    tone: (t) => tones.push(t),
    newRequestId: () => 'req-1',
    settings: () => settings,
    online: () => options.online ?? true,
    sleepAfterMs: 15_000,
    connectTimeoutMs: 30_000,
    timeZone: 'Europe/Copenhagen',
  });
  return { clock, sent, tones, machine, screen, calls };
}

/** finish() awaits the media engine's stop(): let those promises settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const incoming = (callId: string, autoAnswerAfterMs?: number) =>
  ({ v: 1, type: 'call.incoming', callId, from: staff, displayName: 'Ole', autoAnswerAfterMs }) as const;

/** A resident's night-watch call, answered by a console, media up: where a resume (call.accepted again) lands. */
async function inAnsweredNightWatchCall() {
  const media = new RecordingEngine();
  const poolId = randomUUID();
  const k = kiosk({ nightWatch: true, poolId, media });
  const { calls } = k;
  calls.pressNightWatch();
  const callId = randomUUID();
  calls.handle({ v: 1, type: 'call.ringing', requestId: 'req-1', callId, to: { kind: 'pool', id: poolId } });
  const accepted = { v: 1, type: 'call.accepted', callId, by: { kind: 'staff', id: randomUUID() } } as const;
  calls.handle(accepted);
  await settle();
  media.sessions[0]!.up();
  return { ...k, media, accepted, callId };
}

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

describe("the pool's switchboard number from the config, when the night watch cannot be reached", () => {
  const glass = (k: ReturnType<typeof kiosk>) =>
    screenView(k.screen.snapshot(), { now: k.clock.now(), timeZone: 'Europe/Copenhagen' });
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

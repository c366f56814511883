import { randomUUID } from 'node:crypto';
import { type ClientMessage, DEFAULT_DEVICE_CONFIG, type DeviceStateName } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { type CallController, type CallTone, createCallController } from '../src/call-controller.js';
import { createKioskScreen, type KioskScreen } from '../src/kiosk-screen.js';
import {
  type IceConfig,
  type MediaEngine,
  type MediaSession,
  NoMediaEngine,
  type RtcSignal,
} from '../src/media-engine.js';
import { screenView } from '../src/screen/screen-view.js';
import { createStateMachine } from '../src/state-machine.js';

/**
 * The kiosk's call controller under test (device/src/call-controller-*.test.ts): a state machine, a screen and
 * a media engine that records what it is asked, on a fake clock, with everything sent to the cloud collected.
 */
const log = pino({ level: 'silent' });
const staff = { kind: 'staff' as const, id: randomUUID() };

/** Records what the controller asks of the engine (the engines themselves have their own suite). */
export class RecordingEngine implements MediaEngine {
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
  /** How often the cloud's refusal of an rtc.config.request was handed on (MediaEngine.iceRefused). */
  iceRefusals = 0;
  iceRefused() {
    this.iceRefusals += 1;
  }
  async stats() {
    return null;
  }
  async stop() {
    this.stops += 1;
  }
}

export function kiosk(
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
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export const incoming = (callId: string, autoAnswerAfterMs?: number) =>
  ({ v: 1, type: 'call.incoming', callId, from: staff, displayName: 'Ole', autoAnswerAfterMs }) as const;

/** A resident's night-watch call, answered by a console, media up: where a resume (call.accepted again) lands. */
export async function inAnsweredNightWatchCall() {
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

export type Kiosk = ReturnType<typeof kiosk>;

/** What the glass shows now, drawn as the kiosk draws it (Copenhagen time). */
export const glass = (k: Pick<Kiosk, 'screen' | 'clock'>) =>
  screenView(k.screen.snapshot(), { now: k.clock.now(), timeZone: 'Europe/Copenhagen' });

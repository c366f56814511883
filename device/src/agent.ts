import {
  type CommandAck,
  DEFAULT_DEVICE_CONFIG,
  type DeviceConfig,
  decode,
  ServerMessage,
  systemClock,
} from '@screenvisit/protocol';
import { createAgentSession } from './agent-session.js';
import { createStateReport } from './agent-state-report.js';
import type { Agent, AgentEvents, StartAgentOptions } from './agent-types.js';
import { fullJitterBackoff } from './backoff.js';
import { createCallController } from './call-controller.js';
import { type AckResult, createCommandHandler } from './command-handler.js';
import { type CachedSettings, createDataStore, type StoredCredential } from './data-store.js';
import { createKioskScreen, forgetLoan } from './kiosk-screen.js';
import { createKioskSound } from './kiosk-sound.js';
import { NoMediaEngine } from './media-engine.js';
import { createNightWatchLamp } from './night-watch-lamp.js';
import { createRefusalFollower } from './night-watch-refusal.js';
import { softwareVersion } from './software.js';
import { applyLook, createEffectQueue, STATE_LOOK } from './state-effects.js';
import { createStateMachine } from './state-machine.js';
import { supportCode } from './support-code.js';
import { withTimeout } from './timing.js';
import { TypedEmitter } from './typed-emitter.js';

export type { Agent, AgentEvents, StartAgentOptions } from './agent-types.js';
export { supportCode } from './support-code.js';

const { contacts: _contacts, ...DEFAULT_SETTINGS } = DEFAULT_DEVICE_CONFIG;
const ACK_TIMEOUT_MS = 5_000;

export async function startAgent(options: StartAgentOptions): Promise<Agent> {
  const { env, board } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log;
  const software = options.software ?? softwareVersion();
  const media = options.media ?? new NoMediaEngine(log);
  const policy = options.reconnectPolicy ?? fullJitterBackoff({ random: options.random });
  const store = createDataStore(env.DATA_DIR, {
    onDamagedConfig: (err) =>
      log.warn(
        { err, file: 'config.json' },
        'the cached configuration is damaged: starting from the defaults until the cloud sends the current one',
      ),
  });
  const events = new TypedEmitter<AgentEvents>((err) => log.error({ err }, 'agent listener threw'));
  const effects = createEffectQueue((err) => log.error({ err }, 'hardware effect failed'));
  const { ringVolume, restVolume, playCallTone, ...sound } = createKioskSound({
    board,
    effects,
    clock,
    log,
    settings: () => settings,
    timeZone: options.timeZone,
  });

  let stopped = false;
  let deviceId: string | null = null;
  const enrolAbort = new AbortController();
  // Applied configuration. Display names stay in this variable only (docs/security.md).
  let configVersion = 0;
  let settings: CachedSettings = DEFAULT_SETTINGS;
  let contacts: DeviceConfig['contacts'] = [];
  const lamp = createNightWatchLamp({
    clock,
    timeZone: options.timeZone,
    settings: () => settings,
    show: (pattern) => void effects.run(() => board.leds.nightWatch.set(pattern)),
    // Its timer fires only after start-up, when `refusal` below exists.
    onEdge: () => refusal.edge(),
  });

  const screen = createKioskScreen({
    clock,
    initial: 'unenrolled',
    onChange: (m) => {
      options.display?.render(m);
      events.emit('screen', m);
    },
  });
  // A refusal outside her hours on the screen follows new hours at once, not after its 3 minutes.
  const refusal = createRefusalFollower({
    clock,
    log,
    timeZone: options.timeZone,
    screen,
    settings: () => settings,
  });
  const machine = createStateMachine({
    initial: 'unenrolled',
    log,
    onChange(to, from) {
      calls.onState(to);
      screen.update({ mode: to });
      void effects.run(async () => {
        // The ring tone's volume is chosen as each call starts ringing: soft in quiet hours (quiet-hours.ts);
        // the configured volume is back once the state's look has silenced the ring (or the ringback), for the
        // call itself and everything after. Set after the look, not before: the real speaker restarts a tone
        // that is still playing at a new volume, so the old order blipped the ring at full volume on answering.
        if (to === 'ringing') await board.speaker.setVolume(ringVolume());
        await applyLook(board, STATE_LOOK[to]);
        if (to !== 'ringing') await restVolume();
        await board.leds.nightWatch.set(lamp.look(to));
      });
      report.publish();
      events.emit('state', to, from);
    },
  });

  const report = createStateReport({
    clock,
    log,
    software,
    media,
    machine,
    configVersion: () => configVersion,
    session: () => session.current,
  });

  const calls = createCallController({
    clock,
    log,
    machine,
    screen,
    media,
    send(message) {
      session.current
        ?.publish('sig/up', JSON.stringify(message), { qos: 1 })
        .catch((err: unknown) => log.warn({ err, type: message.type }, 'could not send signalling'));
    },
    tone: playCallTone,
    settings: () => settings,
    online: () => session.current?.connected ?? false,
    sleepAfterMs: env.SCREEN_SLEEP_SECONDS * 1000,
    connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });

  const commands = createCommandHandler({
    board,
    clock,
    log,
    store,
    machine,
    onEffectQueue: (effect) =>
      new Promise<void>((resolve, reject) => {
        // The queue logs and swallows a failing effect; a config's failure must reach its ack instead.
        void effects.run(() => effect().then(resolve, reject));
      }),
    async sendAck(ack: CommandAck, qos) {
      const current = session.current;
      if (!current) throw new Error('no MQTT session to acknowledge on');
      // config.apply's ack at QoS 0 (the outbox resends a command whose ack was lost); others at QoS 1 (PUBACK).
      await withTimeout(current.publish('ack', JSON.stringify(ack), { qos }), ACK_TIMEOUT_MS, clock);
    },
    config: {
      version: () => configVersion,
      apply(version, next, nextContacts) {
        const before = settings.nightWatch;
        configVersion = version;
        settings = next;
        contacts = nextContacts;
        forgetLoan(screen, next.lent);
        log.info({ configVersion, contacts: contacts.length }, 'config applied');
        // A pool or hours pushed (or taken away) light (or put out) the night-watch lamp now, not at the next state.
        void effects.run(() => board.leds.nightWatch.set(lamp.look(machine.state)));
        refusal.applied(before);
        // A tone that stopped while the config was being stored brought back the old volume: the new one now.
        void effects.run(restVolume);
        report.publish();
      },
    },
    wipe: (ack) => wipe(ack),
    restart: (ack) => session.restart(ack),
  });

  /** A wipe command, or the broker refusing our credential: erase everything and become unenrolled. */
  async function wipe(ack?: (result: AckResult) => Promise<void>, revoked = false) {
    if (!machine.transition('wipe')) {
      await ack?.({ status: 'applied' });
      return;
    }
    session.stopHeartbeat();
    commands.stop();
    await calls.abort();
    let erased = true;
    try {
      await store.wipe();
    } catch (err) {
      erased = false;
      log.error({ err }, 'could not erase the data folder');
    }
    configVersion = 0;
    settings = DEFAULT_SETTINGS;
    contacts = [];
    deviceId = null;
    machine.transition('wiped');
    // Acknowledge while the connection is still up; only then close it.
    await ack?.(
      erased ? { status: 'applied' } : { status: 'failed', reason: 'could not erase the data folder' },
    ).catch((err: unknown) => log.warn({ err }, 'could not acknowledge the wipe'));
    await session.close();
    screen.update(
      revoked
        ? {
            online: false,
            message: 'credential_revoked',
            supportCode: supportCode('credential_revoked', env.HARDWARE_ID),
          }
        : { online: false, message: 'not_enrolled' },
    );
    log.warn('wiped: this device is unenrolled until support provisions it again');
  }

  let commandQueue: Promise<void> = Promise.resolve();
  const session = createAgentSession({
    env,
    clock,
    policy,
    log,
    software,
    media,
    store,
    screen,
    machine,
    ...(options.post ? { post: options.post } : {}),
    signal: enrolAbort.signal,
    stopped: () => stopped,
    handlers: {
      announce: () => report.announce(),
      onOnline(status) {
        calls.linkReturned();
        screen.update({ online: true });
        // Announced before subscribing; again only if it was not acknowledged or changed since.
        if (!status.announced || report.changedSinceAnnounced()) report.publish();
        events.emit('connection', true);
      },
      onOffline() {
        screen.update({ online: false });
        events.emit('connection', false);
      },
      onMessage(channel, payload) {
        if (channel === 'cmd') {
          // One command at a time, in arrival order: a wipe must not race a config write.
          commandQueue = commandQueue.then(() => commands.handle(payload));
          return;
        }
        const decoded = decode(ServerMessage, payload);
        if (decoded.ok) calls.handle(decoded.value);
        else log.warn({ reason: decoded.reason }, 'dropped an invalid signalling message');
      },
      onRevoked() {
        // The cloud revoked this device while it was away (see mqtt-session.ts): wipe and wait for support.
        void wipe(undefined, true);
      },
    },
  });

  function becomeEnrolled(credential: StoredCredential) {
    deviceId = credential.deviceId;
    log.info({ deviceId }, 'enrolled');
    machine.transition('enrolled');
    session.connect(credential);
  }

  // --- start-up ------------------------------------------------------------------------------------
  const cached = await store.readConfig();
  if (cached) {
    configVersion = cached.configVersion;
    settings = cached.settings;
  }
  await effects.run(async () => {
    await board.speaker.setVolume(settings.volume);
    await board.screen.setBrightness(settings.brightness);
    await applyLook(board, STATE_LOOK.unenrolled);
    await board.leds.nightWatch.set(lamp.look('unenrolled'));
  });
  if (options.notice) screen.update({ notice: options.notice });
  options.display?.render(screen.snapshot());
  const unsubscribe = [
    options.display?.onTouch(() => calls.touch()) ?? (() => undefined),
    board.buttons.answer.on('press', () => calls.pressAnswer()),
    board.buttons.answer.on('long-press', () => calls.longPressAnswer()),
    board.buttons.nightWatch.on('press', () => calls.pressNightWatch()),
  ];

  let credential: StoredCredential | null = null;
  try {
    credential = await store.readCredential();
  } catch (err) {
    log.error({ err }, 'the stored credential is unreadable: treating this device as not enrolled');
  }
  if (credential) becomeEnrolled(credential);
  else if (env.ENROLMENT_CODE) void session.enrol(env.ENROLMENT_CODE, becomeEnrolled);
  else {
    log.warn(
      'not enrolled and ENROLMENT_CODE is not set: staying unenrolled. Set ENROLMENT_CODE to the code from support.',
    );
    screen.update({ message: 'not_enrolled' });
  }

  return {
    get state() {
      return machine.state;
    },
    get deviceId() {
      return deviceId;
    },
    get online() {
      return session.current?.connected ?? false;
    },
    get screen() {
      return screen.snapshot();
    },
    touch: () => calls.touch(),
    on: (event, listener) => events.on(event, listener),
    async stop() {
      if (stopped) return;
      stopped = true;
      enrolAbort.abort();
      for (const off of unsubscribe) off();
      session.stopHeartbeat();
      lamp.stop();
      commands.stop();
      await calls.abort();
      await session.close();
      sound.stop();
      await effects.run(() => board.speaker.stop());
      events.removeAll();
      log.info('agent stopped');
    },
  };
}

import type { Board } from '@screenvisit/hardware';
import {
  ACK_QOS,
  type Clock,
  type ClockTimer,
  type CommandAck,
  type DeviceCommand,
  type DeviceConfig,
  decode,
  Id,
  KioskDeviceCommand,
  MAX_FRAME_BYTES,
  unknownConfigKeys,
} from '@screenvisit/protocol';
import type { CachedSettings, DataStore } from './data-store.js';
import type { Logger } from './logger.js';
import { STATE_LOOK } from './state-effects.js';
import type { StateMachine } from './state-machine.js';

export type AckResult = Omit<CommandAck, 'v' | 'at' | 'commandId'>;

export interface CommandHandlerOptions {
  board: Board;
  clock: Clock;
  log: Logger;
  store: DataStore;
  machine: StateMachine;
  /**
   * Runs a hardware change on the agent's effect queue (state-effects.ts createEffectQueue) and gives back its
   * result or its error. A config's volume must not land between a state's steps: set between the ring's quiet
   * volume and its start, it rang a night call at full volume.
   */
  onEffectQueue(effect: () => Promise<void>): Promise<void>;
  /** `qos`: the command type's ACK_QOS (0 for a config.apply's ack, docs/protocol.md "CommandAck"). */
  sendAck(ack: CommandAck, qos: 0 | 1): Promise<void>;
  /** The applied config: version, settings, and the in-memory contacts. */
  config: {
    version(): number;
    apply(version: number, settings: CachedSettings, contacts: DeviceConfig['contacts']): void;
  };
  /** Erase everything and return to unenrolled; the handler acknowledges before the connection closes. */
  wipe(ack: (result: AckResult) => Promise<void>): Promise<void>;
  /** Reconnect with the stored credential; the handler acknowledges before the session closes. */
  restart(ack: (result: AckResult) => Promise<void>): Promise<void>;
}

/**
 * Commands from the cloud's outbox (sv/v1/d/{id}/cmd, QoS 0). They may arrive twice (the outbox sends every
 * unacknowledged command again at each connection),
 * so each is idempotent; whatever arrives, the kiosk answers with an ack or a log line and never crashes.
 */
export function createCommandHandler(options: CommandHandlerOptions) {
  const { board, clock, store } = options;
  const log = options.log.child({ module: 'commands' });
  let identifyTimer: ClockTimer | null = null;

  // The QoS comes from the command's type (protocol ACK_QOS); an ack of a command we could not read is QoS 1.
  const ack =
    (commandId: string, qos: 0 | 1 = 1) =>
    async (result: AckResult) => {
      const message: CommandAck = { v: 1, commandId, ...result, at: new Date(clock.now()).toISOString() };
      log.info(
        { commandId, status: result.status, appliedVersion: result.appliedVersion },
        'acknowledging command',
      );
      await options.sendAck(message, qos);
    };

  async function applyConfig(
    command: Extract<DeviceCommand, { type: 'config.apply' }>,
    done: ReturnType<typeof ack>,
  ) {
    const current = options.config.version();
    if (command.version <= current) {
      // Outbox redelivery or an overtaken command: confirm what we run, change nothing.
      log.info(
        { commandId: command.id, version: command.version, current },
        'config version not newer: not applied',
      );
      return done({ status: 'applied', appliedVersion: current });
    }
    const { contacts, ...settings } = command.config;
    try {
      await options.onEffectQueue(async () => {
        // A tone keeps the volume it plays at (the ring at 25 % in quiet hours, agent.ts ringVolume): a push while
        // it sounds turned a soft night ring up to full. The agent sets the new volume once the tone stops
        // (restVolume). On the effect queue, so "no tone yet" cannot be read between the ring's volume and its start.
        if (board.speaker.state.tone === null) await board.speaker.setVolume(settings.volume);
        await board.screen.setBrightness(settings.brightness);
      });
      // Persist before acknowledging: an ack promises the version survives a reboot.
      await store.writeConfig(command.version, settings);
    } catch (error) {
      log.error({ err: error, commandId: command.id }, 'applying the config failed');
      return done({ status: 'failed', reason: errorText(error) });
    }
    options.config.apply(command.version, settings, contacts);
    return done({ status: 'applied', appliedVersion: command.version });
  }

  async function identify(seconds: number, done: ReturnType<typeof ack>) {
    if (identifyTimer) clock.clearTimeout(identifyTimer);
    await board.leds.status.set('blink-fast');
    identifyTimer = clock.setTimeout(() => {
      identifyTimer = null;
      // Back to what the current state shows, whatever happened meanwhile.
      board.leds.status
        .set(STATE_LOOK[options.machine.state].statusLed)
        .catch((error: unknown) => log.warn({ err: error }, 'could not restore the status LED'));
    }, seconds * 1000);
    // Acknowledged as soon as it blinks: support sees "applied" while looking at the shelf.
    await done({ status: 'applied' });
  }

  return {
    async handle(payload: Uint8Array): Promise<void> {
      // KioskDeviceCommand: a config's keys this kiosk does not know (a newer cloud's) are ignored, not refused;
      // every key it knows is checked strictly (docs/protocol.md "Config schemas").
      const decoded = decode(KioskDeviceCommand, payload);
      if (!decoded.ok) {
        const commandId = readId(payload);
        if (commandId === null) {
          log.warn({ reason: decoded.reason }, 'dropped an unreadable command (no id to acknowledge)');
          return;
        }
        log.warn({ commandId, reason: decoded.reason }, 'rejecting a malformed command');
        return ack(commandId)({ status: 'rejected', reason: decoded.reason.slice(0, 300) });
      }
      const command: DeviceCommand = decoded.value;
      const done = ack(command.id, ACK_QOS[command.type]);
      log.info({ commandId: command.id, type: command.type }, 'command received');
      if (command.type === 'config.apply') {
        const ignored = unknownConfigKeys(readConfig(payload));
        if (ignored.length > 0)
          log.warn(
            { commandId: command.id, ignored },
            'the config carries fields this kiosk does not know: ignored',
          );
      }
      try {
        switch (command.type) {
          case 'config.apply':
            return await applyConfig(command, done);
          case 'identify':
            return await identify(command.seconds, done);
          case 'wipe':
            return await options.wipe(done);
          case 'restart':
            return await options.restart(done);
        }
      } catch (error) {
        log.error({ err: error, commandId: command.id }, 'command failed');
        await done({ status: 'failed', reason: errorText(error) }).catch(() => undefined);
      }
    },
    stop() {
      if (identifyTimer) clock.clearTimeout(identifyTimer);
      identifyTimer = null;
    },
  };
}

/** The raw `config` of a command that decoded (so it is JSON within MAX_FRAME_BYTES). */
function readConfig(payload: Uint8Array): unknown {
  try {
    return (JSON.parse(Buffer.from(payload).toString('utf8')) as { config?: unknown }).config;
  } catch {
    return undefined;
  }
}

/** The command id, if the payload is JSON with a valid `id`, so even a malformed command gets an answer. */
function readId(payload: Uint8Array): string | null {
  if (payload.byteLength > MAX_FRAME_BYTES) return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    if (typeof json !== 'object' || json === null) return null;
    const id = Id.safeParse((json as { id?: unknown }).id);
    return id.success ? id.data : null;
  } catch {
    return null;
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : 'unknown error').slice(0, 300);
}

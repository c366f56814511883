import type { Clock, DeviceStateName } from '@screenvisit/protocol';
import type { ReconnectPolicy } from './backoff.js';
import type { AckResult } from './command-handler.js';
import type { DataStore, StoredCredential } from './data-store.js';
import { enrolAndStore } from './enrolment.js';
import type { DeviceEnv } from './env.js';
import { isDeviceError } from './errors.js';
import { startHeartbeat } from './heartbeat.js';
import type { PostJson } from './http-post.js';
import type { KioskScreen } from './kiosk-screen.js';
import type { Logger } from './logger.js';
import type { MediaEngine } from './media-engine.js';
import { type MqttSession, type MqttSessionOptions, startMqttSession } from './mqtt-session.js';
import { supportCode } from './support-code.js';

/**
 * The agent's MQTT session and its heartbeat (agent.ts): opened with the stored credential or the one enrolment
 * brings, closed for a wipe or a stop, restarted at support's request. What arrives on it goes to the agent's
 * handlers: the agent decides what a command, a signal or a lost connection means.
 */
export interface AgentSession {
  /** The open session; null before enrolment, after a wipe, while restarting and after a stop. */
  readonly current: MqttSession | null;
  connect(credential: StoredCredential): void;
  enrol(code: string, enrolled: (credential: StoredCredential) => void): Promise<void>;
  restart(ack: (result: AckResult) => Promise<void>): Promise<void>;
  stopHeartbeat(): void;
  /** Forgets the session first (nothing more is published on it), then closes it. */
  close(): Promise<void>;
}

export function createAgentSession(deps: {
  env: Pick<DeviceEnv, 'CLOUD_URL' | 'MQTT_URL' | 'HEARTBEAT_SECONDS' | 'HARDWARE_ID'>;
  clock: Clock;
  policy: ReconnectPolicy;
  log: Logger;
  software: string;
  media: Pick<MediaEngine, 'name'>;
  store: DataStore;
  /** The enrolment POST (agent-types.ts StartAgentOptions.post). */
  post?: PostJson;
  /** Aborts a running enrolment (the agent's stop). */
  signal: AbortSignal;
  screen: KioskScreen;
  machine: { readonly state: DeviceStateName };
  stopped(): boolean;
  handlers: Pick<MqttSessionOptions, 'announce' | 'onOnline' | 'onOffline' | 'onMessage' | 'onRevoked'>;
}): AgentSession {
  const { env, clock, policy, log, software, media, store, screen, machine } = deps;
  let session: MqttSession | null = null;
  let heartbeat: { stop(): void } | null = null;

  /**
   * Support's "restart": a software restart of the session (close, then connect again with the stored
   * credential). Never in a call: the citizen would lose it, so the kiosk refuses and support tries later.
   */
  async function restart(ack: (result: AckResult) => Promise<void>) {
    if (machine.state !== 'idle' && machine.state !== 'asleep') {
      await ack({ status: 'rejected', reason: `busy (${machine.state})` });
      return;
    }
    await ack({ status: 'applied' });
    heartbeat?.stop();
    heartbeat = null;
    const closing = session;
    session = null;
    await closing?.close();
    let credential: StoredCredential | null = null;
    let readError: unknown;
    try {
      credential = await store.readCredential();
    } catch (err) {
      readError = err;
    }
    if (deps.stopped()) return;
    if (credential) {
      log.info("restarting the session at support's request");
      connect(credential);
      return;
    }
    // The session is closed and cannot be opened again: say so in the log and on the screen, not silently.
    log.error(
      { err: readError },
      'restart: the stored credential is missing or unreadable, so the session stays closed until support provisions this device again',
    );
    screen.update({
      online: false,
      message: 'credential_revoked',
      supportCode: supportCode('storage_failed', env.HARDWARE_ID),
    });
  }

  /** Enrols with support's code and stores the credential; a failure stays on the screen (unenrolled). */
  async function enrol(code: string, enrolled: (credential: StoredCredential) => void) {
    const result = await enrolAndStore({
      cloudUrl: env.CLOUD_URL,
      code,
      hardwareId: env.HARDWARE_ID,
      ...(deps.post ? { post: deps.post } : {}),
      signal: deps.signal,
      clock,
      policy,
      log,
      store,
    });
    if (result === null || deps.stopped()) return;
    if (isDeviceError(result)) {
      log.error({ reason: result.reason, err: result }, 'enrolment failed: staying unenrolled');
      screen.update({
        message: 'enrolment_failed',
        supportCode: supportCode(result.reason, env.HARDWARE_ID),
      });
      return;
    }
    enrolled(result);
  }

  function connect(credential: StoredCredential) {
    session = startMqttSession({
      url: env.MQTT_URL,
      deviceId: credential.deviceId,
      password: credential.mqttPassword,
      clock,
      policy,
      log,
      ...deps.handlers,
    });
    heartbeat = startHeartbeat({
      clock,
      intervalMs: env.HEARTBEAT_SECONDS * 1000,
      session,
      software,
      engine: () => media.name,
      log,
    });
  }

  return {
    get current() {
      return session;
    },
    connect,
    enrol,
    restart,
    stopHeartbeat() {
      heartbeat?.stop();
      heartbeat = null;
    },
    async close() {
      const closing = session;
      session = null;
      await closing?.close();
    },
  };
}

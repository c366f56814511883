import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { type Clock, systemClock } from '@screenvisit/protocol';
import { createBroker } from './broker/index.js';
import {
  type CallRouter,
  createCallRouter,
  createDeviceCalls,
  createOutbox,
  type DeviceCalls,
  deviceIceFor,
} from './calls/index.js';
import type { CloudConfig } from './config.js';
import { type Database, openDatabase, verifyDeviceCredential } from './db/index.js';
import { createActivationDelivery } from './delivery/index.js';
import { prepareDemo } from './demo.js';
import { createDeviceLink } from './devices/link.js';
import { createDeviceService, type DeviceService } from './devices/service.js';
import { createApp } from './http/app.js';
import { createRecords, type Records } from './lifecycle/records.js';
import { createWsAuthenticator } from './lifecycle/ws-authenticator.js';
import { listenOrExplain } from './listen.js';
import type { Logger } from './logger.js';
import { createPushSender, loadVapidKeys, pushAgent } from './push/index.js';
import { createMemoryRegistry } from './signalling/connection-registry.js';
import { attachUpgrades, createSignallingServer, type SignallingServer } from './signalling/ws-server.js';
import { createIceServerIssuer } from './turn/index.js';
import { VERSION } from './version.js';

export interface RunningCloud {
  readonly db: Database;
  readonly ports: { http: number; mqtt: number; mqttWs: number };
  readonly deviceLink: ReturnType<typeof createDeviceLink>;
  /** Deactivation and the inactivity job (tests run a sweep with a chosen date). */
  readonly records: Records;
  /** The call router (tests drive re-checks and read live calls). */
  readonly calls: CallRouter;
  close(): Promise<void>;
}

const defaultWebRoot = fileURLToPath(new URL('../web/dist', import.meta.url));

/**
 * Compose one cloud node: database (migrated), MQTT broker, HTTP API + browser clients, WebSocket signalling.
 * On failure part-way, whatever was opened is closed again before the error propagates.
 */
export async function startCloud(
  config: CloudConfig,
  log: Logger,
  options: { clock?: Clock; webRoot?: string | null; dangerouslyAllowHttpIdpForTests?: boolean } = {},
): Promise<RunningCloud> {
  const clock = options.clock ?? systemClock;
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse())
      await close().catch((e: unknown) => log.error({ err: e }, 'close failed'));
  };
  try {
    const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, log });
    closers.push(() => db.close());
    if (config.DEMO) await prepareDemo(db, config, log, clock);

    let publish: (deviceId: string, channel: 'cmd', message: unknown) => Promise<void> = async () => {};
    let deviceCalls: DeviceCalls | undefined;
    let devices: DeviceService | undefined;
    const deviceLink = createDeviceLink({
      db,
      log,
      clock,
      publish: (...args) => publish(...args),
      calls: () => deviceCalls,
      hooks: () => devices?.hooks,
    });
    const broker = await createBroker({
      log: log.child({ module: 'broker' }),
      auth: {
        verify: (deviceId, secret) => verifyDeviceCredential(db.db, deviceId, secret),
        // A revoked kiosk with a pending wipe wipes itself on this refusal: settle the wipe.
        onRefused: (deviceId, why) => devices?.onRefused(deviceId, why),
      },
      onDeviceMessage: (event) => deviceLink.onDeviceMessage(event),
      onDeviceConnection: (deviceId, connected) => deviceLink.onDeviceConnection(deviceId, connected),
      onDeviceSubscribed: (deviceId) => void deviceLink.flush(deviceId),
    });
    publish = (deviceId, channel, message) => broker.publishToDevice(deviceId, channel, message as never);
    // Closed in reverse: the broker stops delivering before the link drains, and the link before the database.
    closers.push(() => deviceLink.idle());
    closers.push(() => broker.close());

    const webRoot =
      options.webRoot === undefined ? (existsSync(defaultWebRoot) ? defaultWebRoot : null) : options.webRoot;
    if (!webRoot) log.warn('browser clients are not built (npm run build:web); serving the API only');
    // One registry for both transports: browser sockets and online kiosks (`device:<id>`).
    const registry = createMemoryRegistry();
    let signalling: SignallingServer | undefined;
    const outbox = createOutbox({
      log: log.child({ module: 'calls' }),
      registry,
      sendToSocket: (id, message) => signalling?.sendTo(id, message) ?? false,
      publishToDevice: (id, message) => broker.publishToDevice(id, 'sig/down', message),
      deviceIce: deviceIceFor({ db, clock, issuer: createIceServerIssuer(config) }),
    });
    const vapid = loadVapidKeys(config);
    if (vapid.generated) log.info('VAPID keys from DATA_DIR/vapid.json (set VAPID_* on multi-node installs)');
    const push = createPushSender({
      db: db.db,
      log: log.child({ module: 'push' }),
      vapid,
      lockScreen: config.PUSH_LOCK_SCREEN,
      now: () => clock.now(),
      ...(config.PUSH_EXTRA_CA_FILE ? { agent: pushAgent(config.PUSH_EXTRA_CA_FILE) } : {}),
    });
    const calls = createCallRouter({
      wake: (citizenId, call) => push.wakeCitizen(citizenId, call),
      db: db.db,
      log: log.child({ module: 'calls' }),
      clock,
      registry,
      outbox,
      ringTimeoutMs: config.CALL_RING_SECONDS * 1000,
      reconnectGraceMs: config.CALL_RECONNECT_GRACE_SECONDS * 1000,
      permissionRecheckMs: config.CALL_PERMISSION_RECHECK_SECONDS * 1000,
    });
    closers.push(async () => calls.close());
    deviceCalls = createDeviceCalls({
      db: db.db,
      log: log.child({ module: 'calls' }),
      registry,
      router: calls,
      outbox,
    });
    const live = createSignallingServer({
      log: log.child({ module: 'signalling' }),
      registry,
      authenticate: createWsAuthenticator({ db, clock, config }),
      calls,
    });
    signalling = live;
    // Every Deactivator path (disable staff/citizen, revoke device, SCIM, inactivity, erasure) cuts sockets
    // through closeConnectionsOf: the person's calls end `permission_revoked` first, so the other party is
    // told why instead of waiting out the reconnect grace.
    const cutter = {
      closeConnectionsOf: (
        owner: Parameters<SignallingServer['closeConnectionsOf']>[0],
        code: number,
        reason: string,
      ) => {
        calls.endCallsOf(owner, 'permission_revoked');
        return live.closeConnectionsOf(owner, code, reason);
      },
    };
    const records = createRecords({
      db,
      clock,
      log: log.child({ module: 'lifecycle' }),
      signalling: cutter,
      broker,
    });
    devices = createDeviceService({
      db,
      clock,
      log: log.child({ module: 'devices' }),
      link: deviceLink,
      isConnected: (deviceId) => broker.connectedDeviceIds().includes(deviceId),
      cut: async (municipalityId, deviceId, actor) => {
        await records.deactivator.revokeDevice(
          municipalityId,
          deviceId,
          { kind: 'staff', id: actor.staffId, ip: actor.ip },
          'support',
        );
      },
      wipeAckTimeoutMs: config.DEVICE_WIPE_ACK_SECONDS * 1000,
      enrolmentCodeTtlMs: 7 * 24 * 3_600_000,
    });
    const app = createApp({
      devices,
      deactivator: records.deactivator,
      config,
      db,
      broker,
      log: log.child({ module: 'http' }),
      clock,
      version: VERSION,
      webRoot,
      activationDelivery: createActivationDelivery(config, db.db, clock),
      callHooks: calls,
      vapidPublicKey: vapid.publicKey,
      dangerouslyAllowHttpIdpForTests: options.dangerouslyAllowHttpIdpForTests === true,
    });
    const server = createAdaptorServer({ fetch: app.fetch }) as Server;
    attachUpgrades(server, live);

    const mqttPorts = await broker.listen({
      host: config.HOST,
      tcpPort: config.MQTT_PORT,
      wsPort: config.MQTT_WS_PORT,
    });
    const httpPort = await listenOrExplain(server, config.HOST, config.PORT, {
      what: 'HTTP port',
      variable: 'PORT',
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => {
            server.closeAllConnections();
          }, 2_000).unref();
        }),
    );
    closers.push(() => live.close());
    records.startJob(config.INACTIVITY_SWEEP_MINUTES * 60_000);
    closers.push(() => records.stop());

    return {
      db,
      ports: { http: httpPort, mqtt: mqttPorts.tcpPort, mqttWs: mqttPorts.wsPort },
      deviceLink,
      records,
      calls,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

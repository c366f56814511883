import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { type Clock, systemClock } from '@screenvisit/protocol';
import { scheduleAccessReviews } from '../access-review/schedule.js';
import { createRecords, type Records } from '../accounts/records.js';
import { type CallRouter, createCallRouter, createDeviceCalls, deviceIceFor } from '../calls/index.js';
import { sharedImportJobs } from '../care/index.js';
import { sealPlaintextCitizenTotpSecrets } from '../citizens/index.js';
import { openCluster } from '../cluster/index.js';
import { scheduleUptimeSampling } from '../dashboard/uptime.js';
import { type Database, markAllDevicesOffline, openDatabase } from '../db/index.js';
import { createActivationDelivery, createStaffAlerts } from '../delivery/index.js';
import { closedCitizenLoans } from '../devices/closed-citizen-loan.js';
import { createDeviceCredentialCheck } from '../devices/credential-check.js';
import { createDeviceLink, type DeviceLink } from '../devices/link.js';
import { createDeviceService } from '../devices/service.js';
import { createDeviceTelemetry } from '../devices/telemetry.js';
import type { CloudConfig } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import type { KioskConfigs } from '../kernel/ports.js';
import { loadSecretsKey } from '../kernel/secrets/secrets-key.js';
import { VERSION } from '../kernel/version.js';
import { createPushSender, loadVapidKeys, pushAgent } from '../push/index.js';
import { createBroker } from '../realtime/mqtt/index.js';
import { createCallSender } from '../realtime/sender.js';
import { createWsAuthenticator } from '../realtime/ws/authenticator.js';
import { attachUpgrades, createSignallingServer, type SignallingServer } from '../realtime/ws/server.js';
import { CLOSE_SESSION_ENDED, createSocketTable } from '../realtime/ws/sockets.js';
import { createIceServerIssuer } from '../turn/index.js';
import { createApp } from './app.js';
import { connectedAnywhere, cutEverywhere, forwardCommands, joinDeviceTraffic } from './cluster-links.js';
import { prepareDemo } from './demo.js';
import { cutConnectionsOnFence, refuseKiosksWhileFenced, refuseSocketsWhileFenced } from './fencing.js';
import { listenOrExplain } from './listen.js';
import { createServiceEnd } from './service-end.js';
import { clusterOptionsOf, openSharedState } from './shared-state.js';

export interface RunningCloud {
  readonly db: Database;
  /** NODE_ID, or host name and pid. */
  readonly nodeId: string;
  readonly ports: { http: number; mqtt: number; mqttWs: number };
  readonly deviceLink: DeviceLink;
  /** Deactivation and the inactivity job (tests run a sweep with a chosen date). */
  readonly records: Records;
  /** The call router (tests drive re-checks and read live calls). */
  readonly calls: CallRouter;
  /** The kiosks' config pushes that care's changes make (tests run the access-review job with them). */
  readonly kioskConfigs: KioskConfigs;
  close(): Promise<void>;
}

const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Compose one cloud node: database (migrated), MQTT broker, HTTP API + browser clients, WebSocket signalling.
 * On failure part-way, whatever was opened is closed again before the error propagates.
 */
export async function startCloud(
  config: CloudConfig,
  log: Logger,
  options: {
    clock?: Clock;
    webRoot?: string | null;
    dangerouslyAllowHttpIdpForTests?: boolean;
  } = {},
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
    // Data the SQL migrations cannot move (it needs SECRETS_KEY): citizens' TOTP secrets from before sealing.
    const secrets = loadSecretsKey(config);
    // Once per node: the auth and night-watch login states each load the key too, and each used to say so.
    if (secrets.generated && config.DATABASE_URL) {
      log.warn('SECRETS_KEY is not set: TOTP secrets are sealed with a key kept in DATA_DIR/secrets.key');
    }
    await sealPlaintextCitizenTotpSecrets(db.db, secrets.key, log);
    if (config.DEMO) await prepareDemo(db, config, log, clock);
    // Two nodes (issue 14): the shared state opens first. Its bus is this node's one liveness in Redis, which the
    // device side (cluster/) reads; the broker refuses kiosks while this node is fenced (fencing.ts). Both halves
    // take Redis from the config's REDIS_URL and nothing else: when the in-process test nodes passed Redis to the
    // first half only, their limiters, broker stores and kiosk directory stayed per node unnoticed.
    const shared = await openSharedState(clusterOptionsOf(config), clock, log);
    closers.push(() => shared.close());
    // Redis when REDIS_URL is set, else all in this process. Closed after the broker that uses it.
    const cluster = await openCluster(config, log, shared.liveness);
    closers.push(() => cluster.close());
    // Truthful presence (issue 14): nobody is connected to a node that is only starting; kiosks a live peer
    // node holds stay as they are.
    const heldElsewhere = (await cluster.directory?.devicesHeldElsewhere()) ?? new Set<string>();
    const wereOnline = await markAllDevicesOffline(db.db, heldElsewhere);
    if (wereOnline > 0 || heldElsewhere.size > 0)
      log.info(
        { devices: wereOnline, heldElsewhere: heldElsewhere.size },
        'devices marked offline until they reconnect',
      );

    // Built in one order, each part from the parts before it (issue 9: nothing is declared first and filled
    // in later). The broker and the device link emit events; their listeners subscribe once they exist.
    const credentials = createDeviceCredentialCheck(db.db);
    const broker = await createBroker({
      log: log.child({ module: 'broker' }),
      auth: { verify: refuseKiosksWhileFenced(shared, (id, secret) => credentials.verify(id, secret)) },
      id: cluster.nodeId,
      ...(await cluster.brokerStores()),
    });
    closers.push(() => broker.close());

    const webRoot =
      options.webRoot === undefined ? (existsSync(defaultWebRoot) ? defaultWebRoot : null) : options.webRoot;
    if (!webRoot) log.warn('browser clients are not built (npm run build:web); serving the API only');
    // One registry for both transports: browser sockets and online kiosks (`device:<id>`); with Redis, the
    // registry, live calls and pool queues are the whole cluster's (shared-state.ts).
    const registry = shared.registry;
    const sockets = createSocketTable(registry);
    // One issuer of kiosk STUN/TURN: before every call.accepted (sender) and on a kiosk's rtc.config.request (router).
    const deviceIce = deviceIceFor({ db, clock, issuer: createIceServerIssuer(config) });
    const sender = createCallSender({
      log: log.child({ module: 'calls' }),
      registry,
      ...shared.senderOptions,
      sendToSocket: (id, message, options) => sockets.sendTo(id, message, options),
      publishToDevice: (id, message) => broker.publishToDevice(id, 'sig/down', message),
      deviceIce,
    });
    shared.connectSender(sender);
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
    const nodeCalls = createCallRouter({
      waker: push,
      alerts: createStaffAlerts(config, log.child({ module: 'staff-alerts' })),
      db: db.db,
      log: log.child({ module: 'calls' }),
      clock,
      registry,
      sender,
      ringTimeoutMs: config.CALL_RING_SECONDS * 1000,
      reconnectGraceMs: config.CALL_RECONNECT_GRACE_SECONDS * 1000,
      permissionRecheckMs: config.CALL_PERMISSION_RECHECK_SECONDS * 1000,
      startupPresenceCheckMs: config.NIGHT_WATCH_STARTUP_CHECK_SECONDS * 1000,
      deviceIce,
      // A kiosk's rtc.config.request is counted here, per kiosk, across nodes with Redis (calls/ice-refresh.ts).
      limiters: cluster.limiters,
      ...shared.routerOptions,
    });
    const calls = shared.wrapRouter(nodeCalls);
    closers.push(async () => calls.close());
    const kioskCalls = createDeviceCalls({
      db: db.db,
      log: log.child({ module: 'calls' }),
      registry,
      router: calls,
      sender,
    });
    const telemetry = createDeviceTelemetry({
      db: db.db,
      log: log.child({ module: 'devices' }),
      clock,
      flushMs: config.DEVICE_TELEMETRY_FLUSH_MS,
      offlineAfterMs: config.DEVICE_OFFLINE_AFTER_SECONDS * 1000,
      nodeId: cluster.nodeId,
    });
    const deviceLink = createDeviceLink({
      db,
      log,
      clock,
      nodeId: cluster.nodeId,
      telemetry,
      publish: (deviceId, channel, message) => broker.publishToDevice(deviceId, channel, message),
      calls: kioskCalls,
      forward: forwardCommands(cluster),
    });
    broker.on('message', (event) => deviceLink.onDeviceMessage(event));
    broker.on('connection', (deviceId, connected) => deviceLink.onDeviceConnection(deviceId, connected));
    // Once per connection, when the kiosk's command subscription is in place (a failure is logged by the link).
    broker.on('subscribed', (deviceId) => void deviceLink.flush(deviceId).catch(() => undefined));
    // Closed in reverse: the broker stops delivering before the link drains, and the link before the database.
    closers.push(() => deviceLink.idle());
    telemetry.start();
    closers.push(() => telemetry.stop());

    const live = createSignallingServer({
      log: log.child({ module: 'signalling' }),
      registry,
      sockets,
      authenticate: refuseSocketsWhileFenced(shared, createWsAuthenticator({ db, clock, config })),
      calls,
      sessionCheck: { clock, everyMs: config.WS_SESSION_CHECK_SECONDS * 1000 },
    });
    // Every Deactivator path (disable staff/citizen, revoke device, SCIM, inactivity, erasure) cuts sockets
    // through closeConnectionsOf: the person's calls end `permission_revoked` first, so the other party is
    // told why instead of waiting out the reconnect grace.
    // Split brain: a node that lost its liveness in Redis sends every browser and kiosk to a live node.
    cutConnectionsOnFence(shared, { live, broker, log });
    const closeSockets = shared.closeEverywhere((owner, code, reason) =>
      live.closeConnectionsOf(owner, code, reason),
    );
    const cutter = {
      closeConnectionsOf: (
        owner: Parameters<SignallingServer['closeConnectionsOf']>[0],
        code: number,
        reason: string,
      ) => {
        calls.endCallsOf(owner, 'permission_revoked');
        return closeSockets(owner, code, reason);
      },
    };
    const records = createRecords({
      db,
      clock,
      log: log.child({ module: 'lifecycle' }),
      signalling: cutter,
      broker: cutEverywhere(cluster, broker),
      loans: closedCitizenLoans(db.db, () => new Date(clock.now())),
    });
    const devices = createDeviceService({
      db,
      clock,
      log: log.child({ module: 'devices' }),
      link: deviceLink,
      isConnected: connectedAnywhere(cluster, broker),
      announceSettled: (wipeId, by) => void cluster.bus.publish({ type: 'wipe.settled', wipeId, by }),
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
    // A revoked kiosk with a pending wipe wipes itself on this refusal: settle the wipe.
    broker.on('refused', (deviceId, why) => devices.onRefused(deviceId, why));
    joinDeviceTraffic({ cluster, broker, deviceLink, devices });
    const serviceEnd = createServiceEnd({
      db,
      clock,
      config,
      log: log.child({ module: 'service-case' }),
      callHooks: calls,
      deactivator: records.deactivator,
      devices,
    });
    const app = createApp({
      devices,
      kioskConfigs: devices,
      serviceEnd,
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
      sessionSockets: {
        closeSessions: shared.closeSessionsEverywhere((ids) =>
          live.closeSessions(ids, CLOSE_SESSION_ENDED, 'logged out'),
        ),
      },
      vapidPublicKey: vapid.publicKey,
      limiters: cluster.limiters,
      ...(cluster.redis
        ? {
            importJobs: sharedImportJobs(cluster.redis, {
              monotonicMs: () => performance.now(),
              onError: (err, jobId) => log.warn({ err, jobId }, 'import job not mirrored to Redis'),
            }),
          }
        : {}),
      nodeId: cluster.nodeId,
      fenced: shared.fenced,
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
    // Runs FIRST on stop (closers run in reverse): calls go to another node before their links close here.
    closers.push(async () => void shared.handOverCalls());
    records.startJob(config.INACTIVITY_SWEEP_MINUTES * 60_000);
    closers.push(() => records.stop());
    if (config.DEVICE_UPTIME_SAMPLE_MINUTES > 0)
      closers.push(scheduleUptimeSampling({ db, clock, log }, config.DEVICE_UPTIME_SAMPLE_MINUTES * 60_000));
    if (config.ACCESS_REVIEW_SWEEP_MINUTES > 0)
      closers.push(
        scheduleAccessReviews(
          { db, clock, log, kioskConfigs: devices, callHooks: calls },
          config.ACCESS_REVIEW_SWEEP_MINUTES * 60_000,
        ),
      );
    // Kiosks keep the number their pool chain ends with for when they are offline (devices/pool-phone.ts). A
    // config pushed by an older cloud, or a push that failed, carries another: brought up to date once per start,
    // by one node (the advisory lock), in the background (a kiosk offline now gets it from the outbox later).
    // Likewise the hours that light the night-watch lamp (devices/night-watch-hours.ts): a cloud that stopped
    // between a change and its push, a push that failed, or a new rule leaves other hours in a kiosk's config.
    // One after the other, so a kiosk stale in both is not written twice at once; nothing runs per connection
    // (the connect storm after a restart costs the same: docs/performance.md).
    void db
      .runAlone('screenvisit.job.pool-phones', () => devices.reconcilePoolPhones())
      .then((outcome) => {
        if (outcome.ran && outcome.value > 0)
          log.info({ kiosks: outcome.value }, "kiosks given their pool chain's fallback number");
      })
      .catch((error: unknown) =>
        log.warn({ err: error }, "could not bring the kiosks' pool numbers up to date"),
      )
      .then(() => db.runAlone('screenvisit.job.night-watch-hours', () => devices.reconcileNightWatchHours()))
      .then((outcome) => {
        if (outcome.ran && outcome.value > 0)
          log.info({ kiosks: outcome.value }, "kiosks given their residents' night-watch hours");
      })
      .catch((error: unknown) =>
        log.warn({ err: error }, "could not bring the kiosks' night-watch hours up to date"),
      );

    return {
      db,
      nodeId: cluster.nodeId,
      ports: { http: httpPort, mqtt: mqttPorts.tcpPort, mqttWs: mqttPorts.wsPort },
      deviceLink,
      records,
      calls,
      kioskConfigs: devices,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

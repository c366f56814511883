import type { IncomingMessage } from 'node:http';
import type { Logger } from '../kernel/logger.js';
import type { DeviceBroker } from '../realtime/mqtt/index.js';
import {
  CLOSE_SERVICE_RESTART,
  type SignallingServer,
  type UpgradeAdmission,
} from '../realtime/ws/server.js';
import type { SharedState } from './shared-state.js';

/**
 * What a fenced node does with its connections (issue 14 §4, split brain; realtime/cluster/bus.ts FENCING). The
 * node lost its liveness in Redis, so another node is about to count it dead and adopt its calls: its calls
 * were released first (calls/cluster.ts registers its fence handler when the router is built, before these),
 * then every browser and kiosk here is sent away to reconnect through HAProxy to a live node, and none is let
 * in again until the node has rejoined. /readyz answers 503 meanwhile (routes/health.ts).
 */
export function cutConnectionsOnFence(
  shared: Pick<SharedState, 'onFence'>,
  parts: {
    live: Pick<SignallingServer, 'closeAll'>;
    broker: Pick<DeviceBroker, 'connectedDeviceIds' | 'disconnectDevice'>;
    log: Logger;
  },
): void {
  shared.onFence(() => {
    const sockets = parts.live.closeAll(CLOSE_SERVICE_RESTART, 'node fenced');
    const kiosks = parts.broker.connectedDeviceIds();
    for (const deviceId of kiosks) parts.broker.disconnectDevice(deviceId);
    parts.log.warn({ sockets, kiosks: kiosks.length }, 'fenced: connections cut');
  });
}

/** No new signalling socket on a fenced node: 503, and the browser's reconnect reaches another node. */
export function refuseSocketsWhileFenced(
  shared: Pick<SharedState, 'fenced'>,
  authenticate: (request: IncomingMessage) => Promise<UpgradeAdmission>,
): (request: IncomingMessage) => Promise<UpgradeAdmission> {
  return async (request) =>
    shared.fenced() ? { ok: false, status: 503, reason: 'node fenced' } : authenticate(request);
}

/**
 * No kiosk on a fenced node: a throwing verify is CONNACK 3 "server unavailable", on which the kiosk retries
 * (through HAProxy, to a live node); never 4 or 5, on which a kiosk would give up or wipe itself.
 */
export function refuseKiosksWhileFenced<T>(
  shared: Pick<SharedState, 'fenced'>,
  verify: (deviceId: string, secret: string) => T,
): (deviceId: string, secret: string) => T {
  return (deviceId, secret) => {
    if (shared.fenced()) throw new Error('this node is fenced: try another');
    return verify(deviceId, secret);
  };
}

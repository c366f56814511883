import type { ClientMessage, Clock } from '@screenvisit/protocol';
import { type Database, type Db, getDevice } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import { dispatchSignal, type SignalSession } from '../realtime/dispatch/index.js';
import type { ConnectionRegistry } from '../realtime/registry.js';
import type { DeviceIce } from '../realtime/sender.js';
import { type IceServerIssuer, iceServersFor } from '../turn/index.js';
import { NO_CITIZEN_TEXT } from './messages.js';
import { citizenOfDevice } from './parties.js';
import type { CallRouter } from './router.js';
import { type CallSender, deviceEndpointId, type Endpoint } from './types.js';

export interface DeviceCalls {
  onDeviceConnection(deviceId: string, connected: boolean): Promise<void>;
  onDeviceSignal(deviceId: string, message: ClientMessage): Promise<void>;
}

/**
 * The kiosk side of the call router: MQTT `sig/up` in, `sig/down` out (through the CallSender). A kiosk acts for
 * the citizen it is assigned to, looked up per message from the devices table, so reassigning or revoking a
 * kiosk takes effect on its next message. Online kiosks are entered in the ConnectionRegistry as
 * `device:<id>`, so "every live endpoint of a citizen" is one registry question for both transports.
 */
export function createDeviceCalls(deps: {
  db: Db;
  log: Logger;
  registry: ConnectionRegistry;
  router: CallRouter;
  sender: CallSender;
}): DeviceCalls {
  const endpointFor = async (deviceId: string): Promise<Endpoint | null> => {
    const owner = await citizenOfDevice(deps.db, deviceId);
    if (!owner) return null;
    return {
      id: deviceEndpointId(deviceId),
      owner: { kind: 'device', id: deviceId },
      party: { kind: 'citizen', id: owner.citizenId },
    };
  };
  return {
    async onDeviceConnection(deviceId, connected) {
      const id = deviceEndpointId(deviceId);
      if (!connected) {
        deps.registry.remove(id);
        deps.router.endpointClosed(id);
        return;
      }
      deps.registry.add(id, { kind: 'device', id: deviceId });
      // hello() only rings this kiosk into, or resumes it in, a call live on this node, or tells it how its call
      // ended while it was away; with neither (nearly always) it does nothing, so the citizen lookup is skipped:
      // a fleet reconnecting after a restart would otherwise read one devices row per CONNECT (issue 14). A call
      // that starts after this finds the kiosk registered.
      if (!deps.router.awaits(id)) return;
      const endpoint = await endpointFor(deviceId);
      // MQTT CONNECT proves who the kiosk is [MQTT-3.1.4]: a kiosk back within the grace period resumes.
      if (endpoint) deps.router.hello(endpoint);
    },

    onDeviceSignal(deviceId, message) {
      const id = deviceEndpointId(deviceId);
      // The one dispatcher both transports share (realtime/dispatch): no welcome and no lock gate for a kiosk.
      const session: SignalSession = {
        id,
        endpoint: () => endpointFor(deviceId),
        noPartyText: NO_CITIZEN_TEXT,
        send: (reply) => deps.sender.send(id, reply),
      };
      return dispatchSignal({ session, calls: deps.router, log: deps.log }, message);
    },
  };
}

/**
 * The kiosk's `rtc.config` (realtime/sender.ts): the same servers and municipality relay policy a browser gets from
 * GET /api/calls/ice-servers, with the device id as the TURN REST user (it shows up in coturn's logs).
 */
export function deviceIceFor(deps: { db: Database; clock: Clock; issuer: IceServerIssuer }): DeviceIce {
  return async (deviceId) => {
    const device = await getDevice(deps.db.db, deviceId);
    if (!device) return null;
    const ice = await iceServersFor(deps, deps.issuer, {
      id: deviceId,
      municipalityId: device.municipalityId,
    });
    return {
      iceServers: ice.iceServers.map((s) => ({ ...s, urls: [...s.urls] })),
      iceTransportPolicy: ice.iceTransportPolicy,
    };
  };
}

import { type ClientMessage, type Clock, SIGNALLING_VERSION } from '@screenvisit/protocol';
import { type Database, type Db, getDevice } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
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
  const v = SIGNALLING_VERSION;

  return {
    async onDeviceConnection(deviceId, connected) {
      const id = deviceEndpointId(deviceId);
      if (!connected) {
        deps.registry.remove(id);
        deps.router.endpointClosed(id);
        return;
      }
      deps.registry.add(id, { kind: 'device', id: deviceId });
      const endpoint = await endpointFor(deviceId);
      // MQTT CONNECT proves who the kiosk is [MQTT-3.1.4]: a kiosk back within the grace period resumes.
      if (endpoint) deps.router.hello(endpoint);
    },

    async onDeviceSignal(deviceId, message) {
      const id = deviceEndpointId(deviceId);
      if (message.type === 'ping') return deps.sender.send(id, { v, type: 'pong', nonce: message.nonce });
      const endpoint = await endpointFor(deviceId);
      if (!endpoint) {
        deps.log.warn({ deviceId, type: message.type }, 'signalling from a kiosk with no citizen');
        if (message.type === 'call.place')
          deps.sender.send(id, {
            v,
            type: 'call.refused',
            requestId: message.requestId,
            code: 'not_permitted',
            message: NO_CITIZEN_TEXT,
          });
        else if (message.type !== 'hello')
          deps.sender.send(id, { v, type: 'error', code: 'unknown_call', message: 'There is no such call.' });
        return;
      }
      if (message.type === 'hello') return deps.router.hello(endpoint);
      await deps.router.handle(endpoint, message);
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

import type { ServerMessage } from '@screenvisit/protocol';
import type { Logger } from '../logger.js';
import type { ConnectionRegistry } from '../signalling/connection-registry.js';
import type { Outbox } from './types.js';

/**
 * Delivers to an endpoint on whichever transport it is. A kiosk gets `sig/down` ONLY while it is online:
 * call signalling is never queued for later, so a kiosk that reconnects does not start ringing for a call
 * that ended while it was away. (The broker would hold QoS 1 messages for a persistent session.)
 */
export function createOutbox(deps: {
  log: Logger;
  registry: ConnectionRegistry;
  /** Returns false when the socket is gone. */
  sendToSocket(connectionId: string, message: ServerMessage): boolean;
  publishToDevice(deviceId: string, message: ServerMessage): Promise<void>;
}): Outbox {
  return {
    send(endpointId, message) {
      if (!endpointId.startsWith('device:')) {
        if (!deps.sendToSocket(endpointId, message))
          deps.log.debug(
            { endpoint: endpointId, type: message.type },
            'signalling to a closed socket dropped',
          );
        return;
      }
      const deviceId = endpointId.slice('device:'.length);
      if (deps.registry.connectionsOf({ kind: 'device', id: deviceId }).length === 0) {
        deps.log.debug({ deviceId, type: message.type }, 'signalling to an offline kiosk dropped');
        return;
      }
      deps
        .publishToDevice(deviceId, message)
        .catch((error: unknown) =>
          deps.log.warn({ err: error, deviceId, type: message.type }, 'sig/down publish failed'),
        );
    },
  };
}

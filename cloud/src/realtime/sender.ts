import type { ServerMessage } from '@screenvisit/protocol';
import type { Logger } from '../kernel/logger.js';
import type { SendOptions } from './locked-view.js';
import type { ConnectionRegistry } from './registry.js';

/** Sends to one endpoint whatever transport it is on; drops silently when it is gone (never queues). */
export interface CallSender {
  /** `options` says what the message's names are, so an idle-locked console gets nothing personal (locked-view.ts). */
  send(endpointId: string, message: ServerMessage, options?: SendOptions): void;
}

/** STUN/TURN for a kiosk's call, as `rtc.config` carries it; null sends none (the kiosk uses its defaults). */
export type DeviceIce = (
  deviceId: string,
) => Promise<Pick<
  Extract<ServerMessage, { type: 'rtc.config' }>,
  'iceServers' | 'iceTransportPolicy'
> | null>;

/**
 * Delivers to an endpoint on whichever transport it is. A kiosk gets `sig/down` ONLY while it is online:
 * call signalling is never queued for later, so a kiosk that reconnects does not start ringing for a call
 * that ended while it was away. (The broker would hold QoS 1 messages for a persistent session.) The call router
 * keeps only a call's last word for a kiosk that is away, and sends it on its return (calls/context.ts).
 * A kiosk has no HTTP session for GET /api/calls/ice-servers, so `rtc.config` goes just before its
 * `call.accepted`. Fetching it is async: messages to one kiosk therefore go out through a per-device chain,
 * keeping their order (an `rtc.offer` never overtakes the `call.accepted` before it).
 */
export function createCallSender(deps: {
  log: Logger;
  registry: ConnectionRegistry;
  /**
   * Two or more nodes (issue 14 §2): an endpoint the registry places on another node is handed to that node
   * (cluster/call-relay.ts), which delivers it with its own deliverHere. Absent: every endpoint is here.
   */
  remote?: {
    readonly nodeId: string;
    /** `options` travel with the frame: the socket's own node applies the idle-lock view (locked-view.ts). */
    forward(node: string, endpointId: string, message: ServerMessage, options?: SendOptions): void;
  };
  /** Returns false when the socket is gone. */
  sendToSocket(connectionId: string, message: ServerMessage, options?: SendOptions): boolean;
  publishToDevice(deviceId: string, message: ServerMessage): Promise<void>;
  deviceIce?: DeviceIce;
}): CallSender & {
  /** Delivers on this node's own sockets and broker only (a frame forwarded here is never forwarded on). */
  deliverHere(endpointId: string, message: ServerMessage, options?: SendOptions): void;
} {
  const chains = new Map<string, Promise<void>>();
  const toDevice = async (deviceId: string, message: ServerMessage) => {
    if (message.type === 'call.accepted' && deps.deviceIce) {
      const ice = await deps.deviceIce(deviceId).catch((error: unknown) => {
        deps.log.warn({ err: error, deviceId }, 'no ICE servers for the kiosk: it uses its defaults');
        return null;
      });
      if (ice)
        await deps.publishToDevice(deviceId, { v: 1, type: 'rtc.config', callId: message.callId, ...ice });
    }
    await deps.publishToDevice(deviceId, message);
  };
  const deliverHere = (endpointId: string, message: ServerMessage, options?: SendOptions) => {
    if (!endpointId.startsWith('device:')) {
      if (!deps.sendToSocket(endpointId, message, options))
        deps.log.debug({ endpoint: endpointId, type: message.type }, 'signalling to a closed socket dropped');
      return;
    }
    const deviceId = endpointId.slice('device:'.length);
    if (deps.registry.connectionsOf({ kind: 'device', id: deviceId }).length === 0) {
      deps.log.debug({ deviceId, type: message.type }, 'signalling to an offline kiosk dropped');
      return;
    }
    const next = (chains.get(deviceId) ?? Promise.resolve())
      .then(() => toDevice(deviceId, message))
      .catch((error: unknown) =>
        deps.log.warn({ err: error, deviceId, type: message.type }, 'sig/down publish failed'),
      );
    chains.set(deviceId, next);
    void next.finally(() => {
      if (chains.get(deviceId) === next) chains.delete(deviceId);
    });
  };
  return {
    send(endpointId, message, options) {
      const node = deps.remote ? deps.registry.nodeOf(endpointId) : undefined;
      if (deps.remote && node !== undefined && node !== deps.remote.nodeId)
        return deps.remote.forward(node, endpointId, message, options);
      deliverHere(endpointId, message, options);
    },
    deliverHere,
  };
}

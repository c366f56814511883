import type { DeviceCommand } from '@screenvisit/protocol';
import type { Cluster } from '../cluster/index.js';
import type { DeviceLink } from '../devices/link.js';
import type { DeviceService } from '../devices/service.js';
import type { DeviceBroker } from '../realtime/mqtt/index.js';

/**
 * The device side of two or more nodes (issue 14), in one place so start-cloud.ts stays one order of parts.
 * Every function is a no-op in effect on a single node: the local bus delivers nothing and the directory is null.
 *
 * Who holds a kiosk: the node its MQTT session is on. Another node reaches it three ways, each over the bus:
 * a command (the outbox row is already committed; the holder publishes it), a cut (credential revoked, wipe), and
 * the answer to a wipe waiting for the kiosk's ack. Calls reach it through aedes itself (mqemitter-redis).
 */

/** Forward a command for a kiosk not ready on this node (DeviceLink's `forward`); undefined on one node. */
export function forwardCommands(
  cluster: Cluster,
): ((deviceId: string, command: DeviceCommand) => void) | undefined {
  if (cluster.redis === null) return undefined;
  return (deviceId, command) => void cluster.bus.publish({ type: 'device.command', deviceId, command });
}

/** The Deactivator's `devices`: cut the kiosk here and tell the other nodes to cut it wherever it is. */
export function cutEverywhere(
  cluster: Cluster,
  broker: DeviceBroker,
): { disconnectDevice(deviceId: string): void } {
  return {
    disconnectDevice(deviceId) {
      broker.disconnectDevice(deviceId);
      void cluster.bus.publish({ type: 'device.disconnect', deviceId });
    },
  };
}

/** The device service's `isConnected`: this broker's session, or a live node's according to the directory. */
export function connectedAnywhere(cluster: Cluster, broker: DeviceBroker) {
  return async (deviceId: string): Promise<boolean> => {
    if (broker.connectedDeviceIds().includes(deviceId)) return true;
    if (cluster.directory === null) return false;
    return (await cluster.directory.holderOf(deviceId).catch(() => null)) !== null;
  };
}

/** Subscribe this node to what the others send, and record which kiosks this node holds. */
export function joinDeviceTraffic(parts: {
  cluster: Cluster;
  broker: DeviceBroker;
  deviceLink: Pick<DeviceLink, 'sendHere'>;
  devices: Pick<DeviceService, 'onSettledElsewhere'>;
}): void {
  const { cluster, broker, deviceLink, devices } = parts;
  const directory = cluster.directory;
  if (directory !== null)
    broker.on('connection', (deviceId, connected) => directory.deviceConnected(deviceId, connected));
  cluster.bus.on(
    'device.command',
    (m) => void deviceLink.sendHere(m.deviceId, m.command).catch(() => undefined),
  );
  cluster.bus.on('device.disconnect', (m) => broker.disconnectDevice(m.deviceId));
  cluster.bus.on('wipe.settled', (m) => devices.onSettledElsewhere(m.wipeId, m.by));
}

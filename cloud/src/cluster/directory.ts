import type { Redis } from 'ioredis';
import type { Logger } from '../kernel/logger.js';
import type { NodeLiveness } from '../kernel/ports.js';

const DEVICE_NODE = 'device-holder';

/** HDEL only if the field still names this node: a kiosk that moved on must not be unlisted by its old node. */
const DELETE_IF_MINE = `if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) end return 0`;

/**
 * Which node holds each kiosk's MQTT session (issue 14), in Redis: `device-holder` is a hash of device id ->
 * node id. Which nodes are alive is NOT kept here: it is the realtime bus's liveness (kernel/ports.ts
 * NodeLiveness), the one source of truth that also fences a node (realtime/cluster/bus.ts FENCING). Before, this
 * directory beat a liveness of its own and went on beating while its node was fenced, so the others still
 * counted a fenced node's kiosks as held there.
 *
 * INVARIANTS:
 *  - a holder counts only while its node is alive on the bus: after a kill -9 or a fence the hash still names
 *    that node, and those entries mean nothing once its key has lapsed (its kiosks reconnect elsewhere and
 *    overwrite them);
 *  - a fenced node claims nothing: it records no new holder and counts itself holding nothing; it still unlists
 *    its own kiosks as it cuts them (DELETE_IF_MINE: letting go never removes a newer holder);
 *  - this is a hint for "is it online somewhere" and the start-up reset, never for delivery: commands and cuts are
 *    sent to every node (bus.ts), so a stale entry can delay a wipe's answer, never lose a command.
 */
export interface NodeDirectory {
  /** The broker's connection event on this node (written in the background; a failure is logged). */
  deviceConnected(deviceId: string, connected: boolean): void;
  /** The live node holding the kiosk's session, or null. */
  holderOf(deviceId: string): Promise<string | null>;
  /** Kiosks whose session a live node OTHER than this one holds (the start-up reset leaves them alone). */
  devicesHeldElsewhere(): Promise<Set<string>>;
}

export function createNodeDirectory(options: {
  liveness: NodeLiveness;
  redis: Redis;
  log: Logger;
}): NodeDirectory {
  const { liveness, redis, log } = options;
  const nodeId = liveness.nodeId;
  /** Alive as the bus last saw it; a fenced node does not count itself. */
  const liveNodes = () => {
    const live = new Set(liveness.liveNodes());
    if (liveness.fenced()) live.delete(nodeId);
    return live;
  };

  return {
    deviceConnected(deviceId, connected) {
      if (connected && liveness.fenced()) {
        log.warn({ deviceId }, 'fenced: kiosk holder not recorded');
        return;
      }
      const write = connected
        ? redis.hset(DEVICE_NODE, deviceId, nodeId)
        : redis.eval(DELETE_IF_MINE, 1, DEVICE_NODE, deviceId, nodeId);
      write.catch((error: unknown) => log.warn({ err: error, deviceId }, 'device holder not recorded'));
    },
    async holderOf(deviceId) {
      const holder = await redis.hget(DEVICE_NODE, deviceId);
      if (holder === null) return null;
      return liveNodes().has(holder) ? holder : null;
    },
    async devicesHeldElsewhere() {
      const holders = await redis.hgetall(DEVICE_NODE);
      const live = liveNodes();
      const held = new Set<string>();
      for (const [deviceId, holder] of Object.entries(holders))
        if (holder !== nodeId && live.has(holder)) held.add(deviceId);
      return held;
    },
  };
}

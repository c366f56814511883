import type { Redis } from 'ioredis';
import type { Logger } from '../kernel/logger.js';

/** A node beats every BEAT_MS and counts as alive for LIVE_MS after its last beat (three missed beats). */
export const BEAT_MS = 5_000;
export const LIVE_MS = 15_000;

const NODES = 'broker-nodes';
const DEVICE_NODE = 'device-holder';

/** HDEL only if the field still names this node: a kiosk that moved on must not be unlisted by its old node. */
const DELETE_IF_MINE = `if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) end return 0`;

/**
 * Which cloud nodes are alive and which node holds each kiosk's MQTT session (issue 14), in Redis:
 * `broker-nodes` is a sorted set of node id -> last beat (ms), `device-holder` a hash of device id -> node id.
 *
 * INVARIANTS:
 *  - a holder counts only while its node is alive: after a kill -9 the hash still names the dead node, and those
 *    entries mean nothing once its beats stop (its kiosks reconnect elsewhere and overwrite them);
 *  - this is a hint for "is it online somewhere" and the start-up reset, never for delivery: commands and cuts are
 *    sent to every node (bus.ts), so a stale entry can delay a wipe's answer, never lose a command.
 */
export interface NodeDirectory {
  /** Beat now, then every BEAT_MS. */
  start(): Promise<void>;
  liveNodes(): Promise<Set<string>>;
  /** The broker's connection event on this node (written in the background; a failure is logged). */
  deviceConnected(deviceId: string, connected: boolean): void;
  /** The live node holding the kiosk's session, or null. */
  holderOf(deviceId: string): Promise<string | null>;
  /** Kiosks whose session a live node OTHER than this one holds (the start-up reset leaves them alone). */
  devicesHeldElsewhere(): Promise<Set<string>>;
  /** Stop beating and leave the live set (a graceful stop); the kiosks' own disconnects unlist them. */
  close(): Promise<void>;
}

export function createNodeDirectory(options: {
  nodeId: string;
  redis: Redis;
  log: Logger;
  now?: () => number;
}): NodeDirectory {
  const { nodeId, redis, log } = options;
  const now = options.now ?? Date.now;
  let timer: ReturnType<typeof setInterval> | null = null;

  const beat = async () => {
    await redis.zadd(NODES, now(), nodeId);
    // Nodes silent for ten windows are forgotten, so the set does not grow with every pid ever started.
    await redis.zremrangebyscore(NODES, '-inf', now() - 10 * LIVE_MS);
  };
  const liveNodes = async () => new Set(await redis.zrangebyscore(NODES, now() - LIVE_MS, '+inf'));

  return {
    async start() {
      await beat();
      timer ??= setInterval(() => {
        beat().catch((error: unknown) => log.warn({ err: error }, 'node beat failed'));
      }, BEAT_MS);
      timer.unref();
    },
    liveNodes,
    deviceConnected(deviceId, connected) {
      const write = connected
        ? redis.hset(DEVICE_NODE, deviceId, nodeId)
        : redis.eval(DELETE_IF_MINE, 1, DEVICE_NODE, deviceId, nodeId);
      write.catch((error: unknown) => log.warn({ err: error, deviceId }, 'device holder not recorded'));
    },
    async holderOf(deviceId) {
      const holder = await redis.hget(DEVICE_NODE, deviceId);
      if (holder === null) return null;
      return (await liveNodes()).has(holder) ? holder : null;
    },
    async devicesHeldElsewhere() {
      const [live, holders] = await Promise.all([liveNodes(), redis.hgetall(DEVICE_NODE)]);
      const held = new Set<string>();
      for (const [deviceId, holder] of Object.entries(holders))
        if (holder !== nodeId && live.has(holder)) held.add(deviceId);
      return held;
    },
    async close() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await redis.zrem(NODES, nodeId).catch(() => undefined);
    },
  };
}

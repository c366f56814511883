import type { Clock, ClockTimer } from '@screenvisit/protocol';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../kernel/logger.js';

/**
 * The nodes' one line to each other (issue 14 §2): Redis pub/sub, one channel per node and one for all.
 *
 * INVARIANTS
 * - Every frame a node sends (registry changes, call directory changes, forwarded messages) goes out on ONE
 *   publisher connection and every node reads on ONE subscriber connection, so frames from one node arrive
 *   at another in the order they were sent (Redis runs one connection's commands in order and delivers a
 *   subscriber's messages in publish order). A console's `hello` therefore never overtakes its registry entry.
 * - A node is alive while its key `<prefix>node:<id>` exists; it refreshes it every `ttlMs / 3`. A node whose
 *   key lapsed (kill -9, lost network) is reported once through onNodeGone on every surviving node, which then
 *   drop what it held (its connections, its calls' directory entries).
 * - Frames are checked with zod on the way in: a malformed frame is logged and dropped, never thrown.
 * - FENCING (split brain): the others count this node dead, and adopt its calls, once its key lapses, at the
 *   earliest `ttlMs` after the last renewal was sent. So a node that has not renewed for `FENCE_AFTER` of the
 *   TTL (two missed beats) fences itself BEFORE that can happen: it stops renewing, sends and reads no frames,
 *   and onFence tells the rest of the node to let go (calls released, sockets and kiosks cut, /readyz 503).
 *   It rejoins only when Redis answers again AND its key has certainly lapsed and been seen to (one more TTL
 *   after the latest moment a renewal may have landed), so the survivors have taken its calls before it is
 *   back: a call is never owned by two nodes. onRejoin runs, then the usual resync.
 */
export interface ClusterBus {
  readonly nodeId: string;
  /** To one node, or 'all' (every OTHER node). Fire and forget, like the sends it carries. */
  send(to: string | 'all', topic: string, body: unknown): void;
  on<T>(topic: string, schema: z.ZodType<T>, handler: (body: T, fromNode: string) => void): void;
  onNodeGone(handler: (nodeId: string) => void): void;
  /**
   * This node's subscriber connection came back after a break: frames sent meanwhile are lost (pub/sub does
   * not keep them), so whoever mirrors state reloads it from the hashes and re-writes its own.
   */
  onResync(handler: () => void): void;
  /** This node lost its liveness (see FENCING): stop acting for the cluster now. */
  onFence(handler: () => void): void;
  /** Back after a fence, before the resync: e.g. take over whatever of ours nobody adopted. */
  onRejoin(handler: () => Promise<void>): void;
  /** Fenced, or rejoining: not fit to take connections (/readyz). Checks the lease first, like leaseLost. */
  fenced(): boolean;
  /**
   * Whether this node must not act on shared state now: fenced (not while rejoining, when it takes back its own
   * calls). Asking checks the lease itself and fences at once when it went stale: a process frozen past the TTL
   * (GC, suspended VM) may run a due timer before the watchdog, and that timer asks first (calls/context.ts).
   */
  leaseLost(): boolean;
  /** Nodes alive now (this one included), as last checked. */
  liveNodes(): readonly string[];
  /** Subscribed, announced and the live nodes read: the node may take connections. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Fence after this share of the TTL without a renewal: two beats missed (one every third of the TTL) and most of
 * the third, leaving a fifth of the TTL for the watchdog (every twentieth) to act before the key can lapse.
 */
const FENCE_AFTER = 0.8;

const Frame = z.object({ topic: z.string().min(1), from: z.string().min(1), body: z.unknown() });

export interface RedisBusOptions {
  /** For commands and PUBLISH (the same connection the registry and call store write on). */
  readonly redis: Redis;
  /** A second connection in subscriber mode (a Redis connection that subscribes can do nothing else). */
  readonly subscriber: Redis;
  readonly prefix: string;
  readonly nodeId: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** How long a silent node counts as alive (default 15 s). */
  readonly ttlMs?: number;
}

export function createRedisBus(options: RedisBusOptions): ClusterBus {
  const { redis, subscriber, prefix, nodeId, clock, log } = options;
  const ttlMs = options.ttlMs ?? 15_000;
  const allChannel = `${prefix}bus:all`;
  const ownChannel = `${prefix}bus:node:${nodeId}`;
  const nodesKey = `${prefix}nodes`;
  const aliveKey = (id: string) => `${prefix}node:${id}`;
  const handlers = new Map<string, (body: unknown, from: string) => void>();
  const goneHandlers: ((id: string) => void)[] = [];
  const resyncHandlers: (() => void)[] = [];
  const fenceHandlers: (() => void)[] = [];
  const rejoinHandlers: (() => Promise<void>)[] = [];
  /** joined: normal; fenced: lost the lease, letting go; rejoining: back, reloading (frames flow again). */
  let state: 'joined' | 'fenced' | 'rejoining' = 'joined';
  /** When the last successful renewal was SENT: the key lives at least ttlMs from then. */
  let renewedAt = clock.now();
  /** When the key lapses at the latest: the last successful renewal's REPLY plus the TTL. */
  let heldUntil = renewedAt + ttlMs;
  let subscribed = false;
  subscriber.on('ready', () => {
    // A fenced node reloads when it rejoins, not on every reconnect.
    if (!subscribed || closed || state !== 'joined') return;
    log.warn({ nodeId }, 'cluster bus reconnected: reloading the shared state');
    for (const handler of resyncHandlers) handler();
  });
  let live = new Set<string>([nodeId]);
  let timer: ClockTimer | undefined;
  let closed = false;

  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== allChannel && channel !== ownChannel) return;
    let frame: z.infer<typeof Frame>;
    try {
      frame = Frame.parse(JSON.parse(raw));
    } catch (error) {
      log.warn({ err: error, channel }, 'cluster frame is not valid: dropped');
      return;
    }
    if (frame.from === nodeId || state === 'fenced') return;
    if (frame.topic === 'node.gone') return gone(frame.from, 'drained');
    if (!reported.has(frame.from)) live.add(frame.from);
    const handler = handlers.get(frame.topic);
    if (!handler) return log.debug({ topic: frame.topic }, 'cluster frame with no handler');
    try {
      handler(frame.body, frame.from);
    } catch (error) {
      log.error({ err: error, topic: frame.topic }, 'cluster frame handler failed');
    }
  });

  const reported = new Set<string>();
  /**
   * A peer that said goodbye (`node.gone`, sent by close(): a planned stop or drain) is news, logged as info; a
   * peer whose liveness key lapsed without a word (crashed, cut off) is a warning for 2nd line.
   */
  const gone = (id: string, how: 'drained' | 'lost') => {
    if (id === nodeId || reported.has(id) || closed) return;
    reported.add(id);
    live.delete(id);
    if (how === 'drained')
      log.info({ peer: id }, 'cluster node left (planned stop): its connections and calls are dropped');
    else log.warn({ peer: id }, 'cluster node gone: its connections and calls are dropped');
    for (const handler of goneHandlers) handler(id);
  };
  const fence = () => {
    if (state === 'fenced' || closed) return;
    state = 'fenced';
    log.error(
      { nodeId, sinceRenewalMs: clock.now() - renewedAt },
      'cluster liveness not renewed in time: fenced (letting go of calls and connections until Redis is back)',
    );
    for (const handler of fenceHandlers) handler();
  };
  const rejoin = async () => {
    state = 'rejoining';
    try {
      await renew();
      for (const handler of rejoinHandlers) await handler();
    } catch (error) {
      state = 'fenced';
      throw error;
    }
    for (const handler of resyncHandlers) handler();
    state = 'joined';
    log.warn({ nodeId }, 'cluster rejoined after a fence');
  };
  const renew = async () => {
    const sent = clock.now();
    await redis.set(aliveKey(nodeId), String(sent), 'PX', ttlMs);
    heldUntil = Math.max(heldUntil, clock.now() + ttlMs);
    if (state !== 'fenced') renewedAt = sent;
  };
  const beat = async () => {
    if (state === 'fenced') {
      // Renewing now could revive a key the others already counted dead: only look whether Redis answers.
      await redis.ping();
      if (clock.now() >= heldUntil + ttlMs) await rejoin();
      return;
    }
    await renew();
    await redis.sadd(nodesKey, nodeId);
    const others = (await redis.smembers(nodesKey)).filter((id) => id !== nodeId);
    const next = new Set<string>([nodeId]);
    for (const id of others) {
      if ((await redis.exists(aliveKey(id))) === 1) {
        // Alive again after being reported gone (a break longer than the TTL): it reloads and re-announces.
        reported.delete(id);
        next.add(id);
      } else await redis.srem(nodesKey, id);
    }
    // Gone: its key lapsed, or another node already took it off the list.
    for (const id of new Set([...live, ...others])) if (!next.has(id)) gone(id, 'lost');
    live = next;
  };
  const checkLease = () => {
    if (state === 'joined' && !closed && clock.now() - renewedAt >= FENCE_AFTER * ttlMs) fence();
  };
  const watch = () => {
    if (closed) return;
    watchdog = clock.setTimeout(watch, Math.max(25, ttlMs / 20));
    checkLease();
  };
  let watchdog: ClockTimer | undefined;
  // At a fixed rate: a beat is due a third of the TTL after the previous one STARTED, so the time the
  // membership scan takes (a round trip per node, slow under load) does not stretch the gap between renewals.
  const schedule = (lastStart: number) => {
    if (closed) return;
    timer = clock.setTimeout(
      () => {
        const start = clock.now();
        beat()
          .catch((error: unknown) => log.error({ err: error }, 'cluster heartbeat failed'))
          .finally(() => schedule(start));
      },
      Math.max(0, lastStart + ttlMs / 3 - clock.now()),
    );
  };

  const ready = (async () => {
    await subscriber.subscribe(allChannel, ownChannel);
    subscribed = true;
    const start = clock.now();
    await beat();
    schedule(start);
    watch();
  })();

  return {
    nodeId,
    send(to, topic, body) {
      if (state === 'fenced') return;
      const channel = to === 'all' ? allChannel : `${prefix}bus:node:${to}`;
      redis
        .publish(channel, JSON.stringify({ topic, from: nodeId, body }))
        .catch((error: unknown) => log.warn({ err: error, topic }, 'cluster publish failed'));
    },
    on(topic, schema, handler) {
      handlers.set(topic, (body, from) => {
        const parsed = schema.safeParse(body);
        if (!parsed.success) {
          log.warn({ topic, issues: parsed.error.issues.length }, 'cluster frame body is not valid: dropped');
          return;
        }
        handler(parsed.data, from);
      });
    },
    onNodeGone: (handler) => void goneHandlers.push(handler),
    onResync: (handler) => void resyncHandlers.push(handler),
    onFence: (handler) => void fenceHandlers.push(handler),
    onRejoin: (handler) => void rejoinHandlers.push(handler),
    fenced() {
      checkLease();
      return state !== 'joined';
    },
    leaseLost() {
      checkLease();
      return state === 'fenced';
    },
    liveNodes: () => [...live],
    ready,
    async close() {
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      if (watchdog !== undefined) clock.clearTimeout(watchdog);
      // Goodbye first, then the keys: a peer's refresh between the two would otherwise see the key gone and
      // report this planned stop as a lost node (a warning) before the goodbye arrived.
      await redis
        .publish(allChannel, JSON.stringify({ topic: 'node.gone', from: nodeId, body: { node: nodeId } }))
        .catch(() => undefined);
      await redis.del(aliveKey(nodeId)).catch(() => undefined);
      await redis.srem(nodesKey, nodeId).catch(() => undefined);
    },
  };
}

import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../kernel/logger.js';
import type { ClusterBus } from '../realtime/cluster/bus.js';
import { readJson } from '../realtime/cluster/json.js';
import { CALL_STATES } from './call-machine.js';
import { type CallStore, type CallSummary, summaryOf } from './call-store.js';
import type { LiveCall } from './types.js';

/**
 * The CallStore for two or more nodes (issue 14 §2). A call's machine and timers stay on its home node (they
 * are not data: a timer cannot move); what every node needs to know of it, its CallSummary, is written to the
 * hash `<prefix>calls:<node>` and announced on the bus, and every node keeps all summaries in memory, so
 * `nodeOf` and `summaries` stay synchronous like the memory store.
 * INVARIANT: a node writes only the summaries of its own calls; a dead node's go with it (bus.onNodeGone).
 */
export interface RedisCallStore extends CallStore {
  readonly ready: Promise<void>;
  /** Another node's call was answered or one of its answered calls ended: who is busy changed. */
  onBusyChanged(handler: () => void): void;
  close(): Promise<void>;
}

const Summary = z.object({
  callId: z.string().min(1),
  node: z.string().min(1),
  callerId: z.string().min(1),
  answererId: z.string().min(1).nullable(),
  state: z.enum(CALL_STATES),
});
const Gone = z.object({ callId: z.string().min(1) });

export function createRedisCallStore(deps: {
  redis: Redis;
  bus: ClusterBus;
  prefix: string;
  log: Logger;
}): RedisCallStore {
  const { redis, bus, prefix, log } = deps;
  const self = bus.nodeId;
  const hashOf = (node: string) => `${prefix}calls:${node}`;
  const local = new Map<string, LiveCall>();
  const known = new Map<string, CallSummary>();
  const failed = (error: unknown) => log.warn({ err: error }, 'call directory write failed');

  const publish = (call: LiveCall) => {
    const summary = summaryOf(call, self);
    known.set(call.callId, summary);
    redis.hset(hashOf(self), call.callId, JSON.stringify(summary)).catch(failed);
    bus.send('all', 'call.summary', summary);
  };

  const busyHandlers: (() => void)[] = [];
  const busyChanged = () => {
    for (const handler of busyHandlers) handler();
  };
  bus.on('call.summary', Summary, (summary, from) => {
    if (summary.node !== from) return;
    const before = known.get(summary.callId)?.answererId ?? null;
    known.set(summary.callId, summary);
    if (summary.answererId !== before) busyChanged();
  });
  bus.on('call.gone', Gone, ({ callId }, from) => {
    const summary = known.get(callId);
    if (summary?.node !== from) return;
    known.delete(callId);
    if (summary.answererId !== null) busyChanged();
  });
  bus.onNodeGone((node) => {
    let answered = false;
    for (const [callId, summary] of known)
      if (summary.node === node) {
        answered ||= summary.answererId !== null;
        known.delete(callId);
      }
    redis.del(hashOf(node)).catch(() => undefined);
    if (answered) busyChanged();
  });

  /** Reads a node's summaries; `replace`: the ones known here are dropped first (they may be stale). */
  const load = async (node: string, replace: boolean) => {
    const hash = await redis.hgetall(hashOf(node));
    if (replace) for (const [callId, summary] of [...known]) if (summary.node === node) known.delete(callId);
    for (const raw of Object.values(hash)) {
      const summary = Summary.safeParse(readJson(raw));
      if (summary.success && summary.data.node === node && !known.has(summary.data.callId))
        known.set(summary.data.callId, summary.data);
    }
  };
  const failedLoad = (error: unknown) => log.error({ err: error }, 'call directory reload failed');
  bus.on('call.reload', z.object({}), (_body, from) => void load(from, true).then(busyChanged, failedLoad));
  // After a break in this node's bus (bus.ts onResync): ours written again whole, the others' read again.
  bus.onResync(() => {
    const rewrite = redis.multi().del(hashOf(self));
    for (const call of local.values())
      rewrite.hset(hashOf(self), call.callId, JSON.stringify(summaryOf(call, self)));
    void rewrite
      .exec()
      .then(async () => {
        bus.send('all', 'call.reload', {});
        for (const node of bus.liveNodes()) if (node !== self) await load(node, true);
        busyChanged();
      })
      .catch(failedLoad);
  });

  const ready = (async () => {
    await bus.ready;
    for (const node of bus.liveNodes()) if (node !== self) await load(node, false);
  })();

  return {
    ready,
    add(call) {
      local.set(call.callId, call);
      publish(call);
    },
    get: (callId) => local.get(callId),
    remove(callId) {
      if (!local.delete(callId)) return;
      known.delete(callId);
      redis.hdel(hashOf(self), callId).catch(failed);
      bus.send('all', 'call.gone', { callId });
    },
    all: () => [...local.values()],
    nodeOf: (callId) => known.get(callId)?.node,
    update(call) {
      if (local.has(call.callId)) publish(call);
    },
    summaries: () => [...known.values()],
    onBusyChanged: (handler) => void busyHandlers.push(handler),
    async close() {
      await redis.del(hashOf(self)).catch(() => undefined);
    },
  };
}

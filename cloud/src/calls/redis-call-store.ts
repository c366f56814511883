import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../kernel/logger.js';
import type { ClusterBus } from '../realtime/cluster/bus.js';
import { readJson } from '../realtime/cluster/json.js';
import { CALL_STATES } from './call-machine.js';
import { type CallStore, type CallSummary, summaryOf } from './call-store.js';
import { CallSnapshot, snapshotOf } from './handover.js';
import type { LiveCall } from './types.js';

/**
 * The CallStore for two or more nodes (issue 14 §2). A call's machine and timers stay on its home node (they
 * are not data: a timer cannot move); what every node needs to know of it, its CallSummary, is written to the
 * hash `<prefix>calls:<node>` and announced on the bus, and every node keeps all summaries in memory, so
 * `nodeOf` and `summaries` stay synchronous like the memory store. Beside each summary the home node keeps the
 * call's CallSnapshot in `<prefix>callsnap:<node>`, what another node needs to continue the call if this one
 * dies or is drained (handover.ts).
 * INVARIANTS
 * - A node writes only the summaries and snapshots of its own calls; a dead node's summaries go with it
 *   (bus.onNodeGone); its snapshots are taken, read and deleted in one MULTI, by exactly one survivor.
 * - A snapshot is written on every change the summary is (add, state, answerer), in the same step.
 * - A snapshot naming an endpoint (rung, or released by another's answer) is written before that endpoint is told
 *   (calls/place.ts, reconnect.ts, answer.ts, night-watch/pool-effects.ts): the bus shares this connection, so
 *   Redis runs the write first, and a node killed in between never leaves its adopter without that endpoint.
 */
export interface RedisCallStore extends CallStore {
  readonly ready: Promise<void>;
  /** Another node's call was answered or one of its answered calls ended: who is busy changed. */
  onBusyChanged(handler: () => void): void;
  /**
   * The snapshots of `node`'s calls, taken away (read and deleted at once): the first node to ask gets them,
   * any other an empty list. Malformed ones are logged and skipped.
   */
  takeOver(node: string): Promise<CallSnapshot[]>;
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
  const snapsOf = (node: string) => `${prefix}callsnap:${node}`;
  const local = new Map<string, LiveCall>();
  const known = new Map<string, CallSummary>();
  const failed = (error: unknown) => log.warn({ err: error }, 'call directory write failed');

  const publish = (call: LiveCall) => {
    const summary = summaryOf(call, self);
    known.set(call.callId, summary);
    const snapshot = snapshotOf(call);
    const write = redis.multi().hset(hashOf(self), call.callId, JSON.stringify(summary));
    if (snapshot) write.hset(snapsOf(self), call.callId, JSON.stringify(snapshot));
    write.exec().catch(failed);
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
    const rewrite = redis.multi().del(hashOf(self)).del(snapsOf(self));
    for (const call of local.values()) {
      rewrite.hset(hashOf(self), call.callId, JSON.stringify(summaryOf(call, self)));
      const snapshot = snapshotOf(call);
      if (snapshot) rewrite.hset(snapsOf(self), call.callId, JSON.stringify(snapshot));
    }
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
      redis.multi().hdel(hashOf(self), callId).hdel(snapsOf(self), callId).exec().catch(failed);
      bus.send('all', 'call.gone', { callId });
    },
    all: () => [...local.values()],
    nodeOf: (callId) => known.get(callId)?.node,
    update(call) {
      if (local.has(call.callId)) publish(call);
    },
    summaries: () => [...known.values()],
    release() {
      // Their snapshots stay for the adopting node; this node forgets it was their home.
      for (const callId of local.keys()) known.delete(callId);
      local.clear();
    },
    onBusyChanged: (handler) => void busyHandlers.push(handler),
    async takeOver(node) {
      const replies = await redis.multi().hgetall(snapsOf(node)).del(snapsOf(node)).exec();
      const hash = (replies?.[0]?.[1] ?? {}) as Record<string, string>;
      const taken: CallSnapshot[] = [];
      for (const [callId, raw] of Object.entries(hash)) {
        const snapshot = CallSnapshot.safeParse(readJson(raw));
        if (snapshot.success) taken.push(snapshot.data);
        else log.warn({ callId, peer: node }, 'call snapshot is not valid: not adopted');
      }
      return taken;
    },
    async close() {
      // Released calls keep their snapshots for the node adopting them; ended ones removed theirs already.
      await redis.del(hashOf(self)).catch(() => undefined);
    },
  };
}

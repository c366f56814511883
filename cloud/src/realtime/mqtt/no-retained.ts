import { Readable } from 'node:stream';

/** The two persistence methods this wraps; aedes calls them as in aedes-persistence 11 (callBackPersistence.js). */
export interface RetainedStore {
  storeRetained(packet: { payload: Buffer | string }, ...rest: unknown[]): unknown;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

/**
 * Every SUBSCRIBE asks the persistence for the retained messages of its topics (aedes lib/handlers/subscribe.js
 * completeSubscribe), and aedes-persistence answers with a stream over an async generator that matches every
 * retained message: in the CONNECT storm's CPU profile about 5 % of the broker's time (issue 14), for nothing,
 * because no device message is retained (authorize-publish.ts clears the flag). So until a retained message is
 * ever stored, the answer is an empty stream straight away; after that, the persistence answers as before.
 * Only for the in-memory persistence, which starts empty with the process: a shared store (Redis, two nodes)
 * may hold retained messages from another node or an older release.
 */
export function skipRetainedLookupsWhileNoneStored(persistence: RetainedStore): void {
  let stored = false;
  const store = persistence.storeRetained.bind(persistence);
  const lookup = persistence.createRetainedStreamCombi.bind(persistence);
  persistence.storeRetained = (packet, ...rest) => {
    // An empty payload only deletes a retained message [MQTT-3.3.1-10]: nothing to find afterwards either.
    if (packet.payload.length > 0) stored = true;
    return store(packet, ...rest);
  };
  persistence.createRetainedStreamCombi = (patterns) => (stored ? lookup(patterns) : ended());
}

/** The four persistence methods skipOutgoingStreamsWhileNoneQueued wraps (aedes-persistence 11). */
export interface OutgoingStore {
  outgoingEnqueue(sub: { clientId: string }, ...rest: unknown[]): unknown;
  outgoingEnqueueCombi(subs: readonly { clientId: string }[], ...rest: unknown[]): unknown;
  outgoingStream(client: { id: string }): Readable;
  outgoingClearMessageId(
    client: { id: string },
    packet: { messageId?: number },
    ...rest: unknown[]
  ): Promise<unknown>;
}

/**
 * Every CONNECT drains the session's offline queue (aedes lib/handlers/connect.js emptyQueue): a stream
 * `pipeline` over `persistence.outgoingStream(client)`, which aedes-persistence builds as a `Readable.from` over
 * a `Readable.from` of a copy of the queue. In a connect storm that was the largest source of short-lived
 * objects promoted to the old generation, about a sixth of what the storm promoted (a sampled heap profile,
 * 2026-12-04, issue 14), and none of it delivers anything: after a start no kiosk has a queued message. Packets
 * enter a client's queue only through outgoingEnqueue and outgoingEnqueueCombi, one per call and subscription, and
 * leave it only through an outgoingClearMessageId that finds one (outgoingUpdate replaces in place;
 * asyncPersistence.js), so counting both tells exactly whether a queue is empty: an empty one gets an ended stream
 * straight away, a non-empty one is drained by the persistence as before. Counted, not just remembered: every
 * kiosk that got a command (a bulk push reaches all) had one queued until its PUBACK, and a reconnect storm after
 * a push would otherwise drain 10,000 empty queues the slow way. Were the count ever too low, the command would
 * still reach the kiosk: the outbox sends what is not acknowledged on every connect (devices/link.ts). Only for
 * the in-memory persistence, as above: a shared store may hold queues written by another node.
 */
export function skipOutgoingStreamsWhileNoneQueued(persistence: OutgoingStore): void {
  /** Packets in each client's queue; a client with none is not in the map. */
  const queued = new Map<string, number>();
  const add = (clientId: string) => queued.set(clientId, (queued.get(clientId) ?? 0) + 1);
  const enqueue = persistence.outgoingEnqueue.bind(persistence);
  const enqueueCombi = persistence.outgoingEnqueueCombi.bind(persistence);
  const clear = persistence.outgoingClearMessageId.bind(persistence);
  const stream = persistence.outgoingStream.bind(persistence);
  persistence.outgoingEnqueue = (sub, ...rest) => {
    add(sub.clientId);
    return enqueue(sub, ...rest);
  };
  persistence.outgoingEnqueueCombi = (subs, ...rest) => {
    for (const sub of subs) add(sub.clientId);
    return enqueueCombi(subs, ...rest);
  };
  persistence.outgoingClearMessageId = async (client, packet, ...rest) => {
    const removed = await clear(client, packet, ...rest);
    const left = (queued.get(client.id) ?? 0) - 1;
    if (removed !== undefined) {
      if (left > 0) queued.set(client.id, left);
      else queued.delete(client.id);
    }
    return removed;
  };
  persistence.outgoingStream = (client) => (queued.has(client.id) ? stream(client) : ended());
}

function ended(): Readable {
  return new Readable({
    objectMode: true,
    read() {
      this.push(null);
    },
  });
}

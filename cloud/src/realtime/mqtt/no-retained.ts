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

/** The three persistence methods skipOutgoingStreamsWhileNoneQueued wraps (aedes-persistence 11). */
export interface OutgoingStore {
  outgoingEnqueue(sub: { clientId: string }, ...rest: unknown[]): unknown;
  outgoingEnqueueCombi(subs: readonly { clientId: string }[], ...rest: unknown[]): unknown;
  outgoingStream(client: { id: string }): Readable;
}

/**
 * Every CONNECT drains the session's offline queue (aedes lib/handlers/connect.js emptyQueue): a stream
 * `pipeline` over `persistence.outgoingStream(client)`, which aedes-persistence builds as a `Readable.from` over
 * a `Readable.from` of a copy of the queue. In a connect storm that was the largest source of short-lived
 * objects promoted to the old generation, about a sixth of what the storm promoted (a sampled heap profile,
 * 2026-12-04, issue 14), and none of it delivers anything: after a start no kiosk has a queued message. Packets
 * enter a client's queue only through outgoingEnqueue and outgoingEnqueueCombi (asyncPersistence.js), so a client
 * id never passed to them has an empty queue and gets an ended stream straight away; any client that ever had a
 * message queued is drained by the persistence as before, for the process's life. Only for the in-memory
 * persistence, as above: a shared store may hold queues written by another node.
 */
export function skipOutgoingStreamsWhileNoneQueued(persistence: OutgoingStore): void {
  const queued = new Set<string>();
  const enqueue = persistence.outgoingEnqueue.bind(persistence);
  const enqueueCombi = persistence.outgoingEnqueueCombi.bind(persistence);
  const stream = persistence.outgoingStream.bind(persistence);
  persistence.outgoingEnqueue = (sub, ...rest) => {
    queued.add(sub.clientId);
    return enqueue(sub, ...rest);
  };
  persistence.outgoingEnqueueCombi = (subs, ...rest) => {
    for (const sub of subs) queued.add(sub.clientId);
    return enqueueCombi(subs, ...rest);
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

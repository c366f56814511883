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
  persistence.createRetainedStreamCombi = (patterns) =>
    stored
      ? lookup(patterns)
      : new Readable({
          objectMode: true,
          read() {
            this.push(null);
          },
        });
}

/**
 * Group commit (issue 14): many kiosks' messages written with one statement per kind instead of one round trip
 * each. A caller adds an item and gets a promise that settles when the batch holding it is written.
 *
 * INVARIANTS:
 *  - at most `inFlight` batches (default 1) are being written at a time; items added meanwhile wait for the next
 *    one. So with no load an item waits one turn of the event loop, and under load the batches grow by themselves
 *    (up to `maxBatch`) while the database is busy with the previous ones;
 *  - an item's promise resolves only after `write` has resolved for its batch (the caller may then send the
 *    PUBACK: the message is durably handled), and with its own result (`write` returns one per item, in order);
 *  - if `write` rejects, every item of that batch rejects with that error (no PUBACK, the kiosk resends), and the
 *    next batch is written as usual;
 *  - with `inFlight` > 1 two batches may commit in either order: only for items whose order across batches does
 *    not matter (the device link adds one device's next ack only after its previous one has settled).
 */
export interface BatchWriter<T, R> {
  add(item: T): Promise<R>;
  /** Resolves when nothing is waiting or being written (tests, shutdown). */
  idle(): Promise<void>;
}

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export function createBatchWriter<T, R>(options: {
  readonly write: (items: readonly T[]) => Promise<readonly R[]>;
  readonly maxBatch: number;
  /** Batches written at once (default 1). */
  readonly inFlight?: number;
}): BatchWriter<T, R> {
  const inFlight = options.inFlight ?? 1;
  let queue: Waiting<T, R>[] = [];
  let writers = 0;
  const done: (() => void)[] = [];

  const writeBatch = async (batch: Waiting<T, R>[]) => {
    try {
      const results = await options.write(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new Error(`batch writer: ${results.length} results for ${batch.length} items`);
      for (const [i, w] of batch.entries()) w.resolve(results[i] as R);
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  };

  // One writer: takes batches until the queue is empty, then ends.
  const drain = async () => {
    // One turn of the event loop first, so the messages that arrived in the same read are written together.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      await writeBatch(batch);
    }
  };

  const start = () => {
    if (writers >= inFlight) return;
    writers += 1;
    void drain().finally(() => {
      writers -= 1;
      // An item added after the last batch was taken but before this writer ended.
      if (queue.length > 0) start();
      else if (writers === 0) for (const resolve of done.splice(0)) resolve();
    });
  };

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // A writer if fewer than `inFlight` are running; else a running one takes it with its next batch.
        start();
      });
    },
    async idle() {
      if (writers === 0) return;
      await new Promise<void>((resolve) => done.push(resolve));
    },
  };
}

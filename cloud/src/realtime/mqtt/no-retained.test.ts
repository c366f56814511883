import type { Readable } from 'node:stream';
import aedesPersistence from 'aedes-persistence';
import { describe, expect, it, vi } from 'vitest';
import {
  type OutgoingStore,
  type RetainedStore,
  skipOutgoingStreamsWhileNoneQueued,
  skipRetainedLookupsWhileNoneStored,
} from './no-retained.js';

const topic = 'sv/v1/d/5b0c8b4e-1d7e-4f0a-9a43-2a3c1c2b9f10/cmd';

async function drain(stream: Readable): Promise<{ topic: string }[]> {
  const out: { topic: string }[] = [];
  for await (const packet of stream) out.push(packet as { topic: string });
  return out;
}

// The package is CommonJS: its default export is the factory itself (as in test/kits/broker.ts).
const memory = aedesPersistence as unknown as typeof aedesPersistence.default;

function memoryStore() {
  const persistence = memory() as unknown as RetainedStore &
    OutgoingStore & {
      setup(broker: unknown): Promise<void>;
    };
  return persistence;
}

const retained = (payload: string) => ({
  cmd: 'publish' as const,
  topic,
  payload: Buffer.from(payload),
  qos: 1 as const,
  retain: true,
  dup: false,
  brokerId: 'b',
  brokerCounter: 1,
});

describe('skipRetainedLookupsWhileNoneStored', () => {
  it('answers a SUBSCRIBE with no retained messages without asking the store while none was ever stored', async () => {
    const persistence = memoryStore();
    await persistence.setup({ id: 'b' });
    const lookup = vi.spyOn(persistence, 'createRetainedStreamCombi');
    skipRetainedLookupsWhileNoneStored(persistence);

    expect(await drain(persistence.createRetainedStreamCombi([topic]))).toEqual([]);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('asks the store again from the first retained message on, so it is delivered as before', async () => {
    const persistence = memoryStore();
    await persistence.setup({ id: 'b' });
    const lookup = vi.spyOn(persistence, 'createRetainedStreamCombi');
    skipRetainedLookupsWhileNoneStored(persistence);

    // A delete (empty payload) stores nothing: still no lookup.
    await persistence.storeRetained(retained(''));
    await drain(persistence.createRetainedStreamCombi([topic]));
    expect(lookup).not.toHaveBeenCalled();

    await persistence.storeRetained(retained('{"v":1}'));
    const found = await drain(persistence.createRetainedStreamCombi([topic]));
    expect(found.map((p) => p.topic)).toEqual([topic]);
    expect(lookup).toHaveBeenCalledTimes(1);
  });
});

describe('skipOutgoingStreamsWhileNoneQueued', () => {
  const command = (counter: number) => ({ ...retained('{"v":1}'), retain: false, brokerCounter: counter });

  it('drains an empty offline queue without asking the store when nothing was ever queued for the client', async () => {
    const persistence = memoryStore();
    await persistence.setup({ id: 'b' });
    const stream = vi.spyOn(persistence, 'outgoingStream');
    skipOutgoingStreamsWhileNoneQueued(persistence);

    expect(await drain(persistence.outgoingStream({ id: 'kiosk-a' }))).toEqual([]);
    expect(stream).not.toHaveBeenCalled();
  });

  it('drains the queue as before for every client that ever had a message queued, either way', async () => {
    const persistence = memoryStore();
    await persistence.setup({ id: 'b' });
    const stream = vi.spyOn(persistence, 'outgoingStream');
    skipOutgoingStreamsWhileNoneQueued(persistence);

    await persistence.outgoingEnqueue({ clientId: 'kiosk-a' }, command(1));
    await persistence.outgoingEnqueueCombi([{ clientId: 'kiosk-b' }, { clientId: 'kiosk-c' }], command(2));

    expect((await drain(persistence.outgoingStream({ id: 'kiosk-a' }))).map((p) => p.topic)).toEqual([topic]);
    expect((await drain(persistence.outgoingStream({ id: 'kiosk-b' }))).map((p) => p.topic)).toEqual([topic]);
    expect((await drain(persistence.outgoingStream({ id: 'kiosk-c' }))).map((p) => p.topic)).toEqual([topic]);
    expect(await drain(persistence.outgoingStream({ id: 'kiosk-d' }))).toEqual([]);
    expect(stream).toHaveBeenCalledTimes(3);
  });

  it('skips a queue again once every packet in it was acknowledged, and not before', async () => {
    const persistence = memoryStore();
    await persistence.setup({ id: 'b' });
    const stream = vi.spyOn(persistence, 'outgoingStream');
    skipOutgoingStreamsWhileNoneQueued(persistence);
    const kiosk = { id: 'kiosk-a' };
    // Two commands (a bulk push and a wipe), each given its packet id on delivery as aedes does.
    const first = { ...command(1), messageId: 1 };
    const second = { ...command(2), messageId: 2 };
    await persistence.outgoingEnqueueCombi([{ clientId: 'kiosk-a' }], command(1));
    await persistence.outgoingEnqueue({ clientId: 'kiosk-a' }, command(2));
    await (
      persistence as unknown as { outgoingUpdate(c: unknown, p: unknown): Promise<void> }
    ).outgoingUpdate(kiosk, first);
    await (
      persistence as unknown as { outgoingUpdate(c: unknown, p: unknown): Promise<void> }
    ).outgoingUpdate(kiosk, second);

    await persistence.outgoingClearMessageId(kiosk, { messageId: 1 });
    // A PUBACK for an id that is not queued (a duplicate) takes nothing away.
    await persistence.outgoingClearMessageId(kiosk, { messageId: 1 });
    expect(await drain(persistence.outgoingStream(kiosk))).toHaveLength(1);
    expect(stream).toHaveBeenCalledTimes(1);

    await persistence.outgoingClearMessageId(kiosk, { messageId: 2 });
    expect(await drain(persistence.outgoingStream(kiosk))).toEqual([]);
    expect(stream).toHaveBeenCalledTimes(1);
  });
});

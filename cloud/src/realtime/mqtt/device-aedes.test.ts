import type { AedesOptions, PublishPacket } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceAedes } from './device-aedes.js';
import { PublishVerdicts } from './verdicts.js';

const ID = 'node-a-3f9c1e';
const announcement = (what: string) => ({
  cmd: 'publish' as const,
  topic: `$SYS/${ID}/${what}`,
  payload: Buffer.from('x'),
  qos: 0 as const,
  retain: false,
  dup: false,
});

/** A shared emitter as two nodes have one (mqemitter-redis), recording what reaches it. */
function recordingEmitter(emitted: string[]) {
  return {
    on(_topic: string, _listener: unknown, done?: () => void) {
      done?.();
    },
    emit(packet: PublishPacket, done?: () => void) {
      emitted.push(packet.topic);
      done?.();
    },
    removeListener(_topic: string, _listener: unknown, done?: () => void) {
      done?.();
    },
    close(done?: () => void) {
      done?.();
    },
  };
}

const brokers: DeviceAedes[] = [];
afterEach(async () => {
  await Promise.all(brokers.splice(0).map((b) => new Promise<void>((r) => b.close(() => r()))));
});

async function broker(mq?: ReturnType<typeof recordingEmitter>): Promise<DeviceAedes> {
  const options = { id: ID, ...(mq ? { mq: mq as unknown as AedesOptions['mq'] } : {}) };
  const aedes = new DeviceAedes(options, new PublishVerdicts());
  brokers.push(aedes);
  await aedes.listen();
  return aedes;
}

const publish = (aedes: DeviceAedes, what: string) =>
  new Promise<void>((resolve, reject) =>
    aedes.publish(announcement(what), (error?: Error) => (error ? reject(error) : resolve())),
  );

describe('DeviceAedes $SYS announcements', () => {
  it('routes none that nobody reads on one node, and still routes the rest of $SYS', async () => {
    const aedes = await broker();
    const routed: string[] = [];
    aedes.on('publish', (packet) => {
      routed.push(packet.topic);
    });
    for (const what of ['new/subscribes', 'new/unsubscribes', 'disconnect/clients', 'new/clients'])
      await publish(aedes, what);
    await publish(aedes, 'heartbeat');
    expect(routed).toEqual([`$SYS/${ID}/heartbeat`]);
  });

  it('routes new/clients to the other nodes when the emitter is shared, so they close a taken-over client', async () => {
    const emitted: string[] = [];
    const aedes = await broker(recordingEmitter(emitted));
    emitted.length = 0;
    for (const what of ['new/subscribes', 'new/unsubscribes', 'disconnect/clients', 'new/clients'])
      await publish(aedes, what);
    expect(emitted).toEqual([`$SYS/${ID}/new/clients`]);
  });
});

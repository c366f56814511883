import { DeviceCommand, Id } from '@screenvisit/protocol';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../kernel/logger.js';

/**
 * What one cloud node tells the others (issue 14). Every message is decoded with this schema on arrival: a
 * message from another version or a stray publisher is logged and dropped, never half-handled.
 */
export const ClusterMessage = z.discriminatedUnion('type', [
  /** A command already in the outbox for a kiosk that is not ready on the sender: the holder publishes it. */
  z.object({ type: z.literal('device.command'), deviceId: Id, command: DeviceCommand }),
  /** Cut the kiosk's MQTT connection wherever it is (credential revoked, wipe done). */
  z.object({ type: z.literal('device.disconnect'), deviceId: Id }),
  /** A wipe was settled (by the kiosk's ack or a refused CONNECT) on the node that saw it. */
  z.object({
    type: z.literal('wipe.settled'),
    wipeId: z.uuid(),
    by: z.enum(['ack', 'refusal']),
  }),
]);
export type ClusterMessage = z.infer<typeof ClusterMessage>;
export type ClusterMessageOf<T extends ClusterMessage['type']> = Extract<ClusterMessage, { type: T }>;

const Envelope = z.object({ from: z.string().min(1), message: z.unknown() });

/**
 * Node-to-node messages over Redis pub/sub (at most once: a node that is down misses them, which is why each
 * message here only hurries along something the database already holds: the outbox, the wipe row).
 * On a single node there is nobody else and publish does nothing.
 */
export interface ClusterBus {
  /** To every OTHER node. Resolves once Redis took it; a failure is logged, never thrown. */
  publish(message: ClusterMessage): Promise<void>;
  on<T extends ClusterMessage['type']>(type: T, handler: (message: ClusterMessageOf<T>) => void): void;
  close(): Promise<void>;
}

type Handlers = { [T in ClusterMessage['type']]: ((message: ClusterMessageOf<T>) => void)[] };

const emptyHandlers = (): Handlers => ({ 'device.command': [], 'device.disconnect': [], 'wipe.settled': [] });

/** One node: no other node to tell. */
export function createLocalBus(): ClusterBus {
  return {
    publish: async () => {},
    on: () => {},
    close: async () => {},
  };
}

/**
 * Over Redis: `publisher` is a normal connection, `subscriber` a connection of its own (a subscribed Redis
 * connection can do nothing else). The channel is `<REDIS_KEY_PREFIX>bus`: ioredis prefixes keys, not channels.
 */
export async function createRedisBus(options: {
  nodeId: string;
  channel: string;
  publisher: Redis;
  subscriber: Redis;
  log: Logger;
}): Promise<ClusterBus> {
  const { nodeId, channel, publisher, subscriber, log } = options;
  const handlers = emptyHandlers();
  subscriber.on('message', (from: string, raw: string) => {
    if (from !== channel) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      log.warn({ channel }, 'cluster bus: not JSON; dropped');
      return;
    }
    const envelope = Envelope.safeParse(parsed);
    if (!envelope.success) return void log.warn({ channel }, 'cluster bus: bad envelope; dropped');
    if (envelope.data.from === nodeId) return;
    const message = ClusterMessage.safeParse(envelope.data.message);
    if (!message.success) {
      log.warn(
        { from: envelope.data.from, reason: message.error.issues[0]?.message },
        'cluster bus: dropped',
      );
      return;
    }
    for (const handler of handlers[message.data.type] as ((m: ClusterMessage) => void)[]) {
      try {
        handler(message.data);
      } catch (error) {
        log.error({ err: error, type: message.data.type }, 'cluster bus handler failed');
      }
    }
  });
  await subscriber.subscribe(channel);
  return {
    async publish(message) {
      try {
        await publisher.publish(channel, JSON.stringify({ from: nodeId, message }));
      } catch (error) {
        log.error({ err: error, type: message.type }, 'cluster bus: publish failed');
      }
    },
    on(type, handler) {
      (handlers[type] as unknown[]).push(handler);
    },
    async close() {
      await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}

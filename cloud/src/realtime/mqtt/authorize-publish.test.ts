import { deviceTopic, encode, OFFLINE_WILL } from '@screenvisit/protocol';
import type { PublishPacket } from 'aedes';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/logger.js';
import { createAuthorizePublish } from './authorize-publish.js';
import type { DeviceMessageEvent } from './channels.js';
import { PublishVerdicts } from './verdicts.js';

const deviceId = '0b6f9a8e-7f2c-4d1e-9a35-2f8c1d6e4b70';
const will = (brokerId?: string) =>
  ({
    cmd: 'publish',
    topic: deviceTopic(deviceId, 'state'),
    payload: Buffer.from(encode(OFFLINE_WILL)),
    qos: 1,
    retain: true,
    dup: false,
    clientId: deviceId,
    ...(brokerId ? { brokerId } : {}),
  }) as unknown as PublishPacket;

function hook() {
  const handled: DeviceMessageEvent[] = [];
  const verdicts = new PublishVerdicts();
  const authorize = createAuthorizePublish({
    log: createLogger({ level: 'silent' }),
    verdicts,
    brokerId: 'node-a',
    handle: async (event) => {
      handled.push(event);
    },
  });
  const run = (packet: PublishPacket) =>
    new Promise<Error | null>((resolve) => authorize(null, packet, (error) => resolve(error ?? null)));
  return { handled, verdicts, run };
}

describe('authorizePublish on two nodes (issue 14)', () => {
  it("acknowledges and drops a dead node's stale will, so a kiosk already back on a live node is not marked offline", async () => {
    const { handled, verdicts, run } = hook();
    const packet = will('node-b');
    expect(await run(packet)).toBeNull();
    expect(handled).toEqual([]);
    expect(verdicts.takeDropped(packet)).toBe(true);
  });

  it("still handles this node's own will (a kiosk whose connection here died)", async () => {
    const { handled, verdicts, run } = hook();
    const packet = will('node-a');
    expect(await run(packet)).toBeNull();
    expect(handled).toMatchObject([{ deviceId, channel: 'state', message: { status: 'offline' } }]);
    // Handled here, so not routed on (no subscriber may read a device's state topic).
    expect(verdicts.takeDropped(packet)).toBe(true);
  });
});

describe('authorizePublish: handled device messages are not routed (issue 14)', () => {
  const heartbeat = () =>
    ({
      cmd: 'publish',
      topic: deviceTopic(deviceId, 'hb'),
      payload: Buffer.from(
        encode({ v: 1, uptimeS: 5, software: '0.1.0', engine: 'none', at: '2026-12-03T17:00:00Z' }),
      ),
      qos: 1,
      retain: false,
      dup: false,
      clientId: deviceId,
    }) as unknown as PublishPacket;

  it('acknowledges a heartbeat once handled and leaves it out of aedes routing', async () => {
    const { handled, verdicts, run } = hook();
    const packet = heartbeat();
    expect(await run(packet)).toBeNull();
    expect(handled).toMatchObject([{ deviceId, channel: 'hb', message: { uptimeS: 5 } }]);
    expect(verdicts.takeDropped(packet)).toBe(true);
  });

  it('refuses (no PUBACK) a message whose handling failed, and leaves no verdict behind', async () => {
    const verdicts = new PublishVerdicts();
    const authorize = createAuthorizePublish({
      log: createLogger({ level: 'silent' }),
      verdicts,
      brokerId: 'node-a',
      handle: async () => {
        throw new Error('database down');
      },
    });
    const packet = heartbeat();
    const error = await new Promise<Error | null>((resolve) =>
      authorize(null, packet, (e) => resolve(e ?? null)),
    );
    expect(error?.message).toBe('device message not handled');
    expect(verdicts.takeDropped(packet)).toBe(false);
  });
});

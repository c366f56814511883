import type { ClientMessage, DeviceCommand } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../kernel/logger.js';
import { createDeviceLink } from './link.js';

describe('device link: kiosk signalling', () => {
  it('logs and resolves a sig/up it failed to handle (so the broker acknowledges it and keeps the connection), and handles the next one', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'debug',
      destination: { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) } as never,
    });
    const signals: ClientMessage[] = [];
    let failNext = true;
    const link = createDeviceLink({
      db: {} as never, // signalling never touches the database
      log,
      clock: { now: () => 0 } as never,
      nodeId: 'node-test',
      publish: async () => {},
      telemetry: {} as never,
      calls: {
        onDeviceConnection: async () => {},
        onDeviceSignal: async (_deviceId, message) => {
          if (failNext) {
            failNext = false;
            throw new Error('call router unavailable');
          }
          signals.push(message);
        },
      },
    });
    const deviceId = crypto.randomUUID();
    const accept = { v: 1, type: 'call.accept', callId: crypto.randomUUID() } as const;
    await expect(
      link.onDeviceMessage({ deviceId, channel: 'sig/up', message: accept }),
    ).resolves.toBeUndefined();
    expect(lines.some((l) => l.msg === 'device signalling message failed; dropped')).toBe(true);
    await expect(
      link.onDeviceMessage({ deviceId, channel: 'sig/up', message: accept }),
    ).resolves.toBeUndefined();
    expect(signals).toEqual([accept]);
  });
});

describe('device link: two nodes (issue 14)', () => {
  const command: DeviceCommand = {
    v: 1,
    id: crypto.randomUUID(),
    issuedAt: new Date(0).toISOString(),
    type: 'wipe',
  };
  const linkWith = (forwarded: string[], published: string[]) =>
    createDeviceLink({
      db: {} as never, // neither path below reaches the database: nothing is published here
      log: createLogger({ level: 'silent' }),
      clock: { now: () => 0 } as never,
      nodeId: 'node-test',
      publish: async (deviceId) => {
        published.push(deviceId);
      },
      telemetry: { presence: () => {} } as never,
      forward: (deviceId) => forwarded.push(deviceId),
    });

  it('hands a command for a kiosk that is not connected here to the other nodes, instead of dropping it until the next connection', async () => {
    const forwarded: string[] = [];
    const published: string[] = [];
    const deviceId = crypto.randomUUID();
    await linkWith(forwarded, published).send(deviceId, command);
    expect(forwarded).toEqual([deviceId]);
    expect(published).toEqual([]);
  });

  it('never forwards a command another node forwarded, nor one for a kiosk connecting here (its flush sends it)', async () => {
    const forwarded: string[] = [];
    const published: string[] = [];
    const link = linkWith(forwarded, published);
    await link.sendHere(crypto.randomUUID(), command);
    const connecting = crypto.randomUUID();
    link.onDeviceConnection(connecting, true);
    await link.send(connecting, command);
    expect(forwarded).toEqual([]);
    expect(published).toEqual([]);
  });
});

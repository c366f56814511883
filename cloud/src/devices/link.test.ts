import type { ClientMessage } from '@screenvisit/protocol';
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

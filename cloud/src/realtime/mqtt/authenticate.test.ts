import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type Clock, type ClockTimer, systemClock } from '@screenvisit/protocol';
import type { Client } from 'aedes';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { socketPair, stallEventLoop } from '../../../test/kits/socket-pair.js';
import { createAuthenticate } from './authenticate.js';
import { ConnackCode } from './connack.js';
import type { DeviceAuthenticator } from './types.js';

class ManualClock implements Clock {
  #now = 0;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;
  now = () => this.#now;
  setTimeout = (fn: () => void, ms: number): ClockTimer => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, fn });
    return id as unknown as ClockTimer;
  };
  clearTimeout = (timer: ClockTimer) => {
    this.#timers.delete(timer as unknown as number);
  };
  advance(ms: number) {
    this.#now += ms;
    for (const [id, timer] of [...this.#timers]) {
      if (timer.at <= this.#now) {
        this.#timers.delete(id);
        timer.fn();
      }
    }
  }
  pending = () => this.#timers.size;
}

function run(auth: DeviceAuthenticator, clock: Clock, deviceId: string, verifyTimeoutMs = 5_000) {
  const hook = createAuthenticate({ log: pino({ level: 'silent' }), auth, clock, verifyTimeoutMs });
  return new Promise<{ returnCode: number | null; ok: boolean | null }>((resolve) => {
    hook({ id: deviceId } as Client, deviceId, Buffer.from('secret'), (error, ok) =>
      resolve({ returnCode: error?.returnCode ?? null, ok }),
    );
  });
}

describe('MQTT authenticate hook', () => {
  it('refuses with "server unavailable" when the credential check hangs past its timeout', async () => {
    const clock = new ManualClock();
    const result = run({ verify: () => new Promise(() => {}) }, clock, randomUUID());
    clock.advance(4_999);
    await Promise.resolve();
    clock.advance(1);
    expect(await result).toEqual({ returnCode: ConnackCode.serverUnavailable, ok: false });
  });

  it('clears its timer once the check answers', async () => {
    const clock = new ManualClock();
    expect(await run({ verify: async () => 'ok' }, clock, randomUUID())).toEqual({
      returnCode: null,
      ok: true,
    });
    expect(clock.pending()).toBe(0);
  });

  it('treats a verify() that throws synchronously as "server unavailable", not a crash', async () => {
    const verify = () => {
      throw new Error('bug');
    };
    expect(await run({ verify }, new ManualClock(), randomUUID())).toEqual({
      returnCode: ConnackCode.serverUnavailable,
      ok: false,
    });
  });

  it('zeroes the password Buffer aedes passed once it has read it, and still verifies the secret it held', async () => {
    const deviceId = randomUUID();
    const password = Buffer.from('the-device-secret');
    const seen: string[] = [];
    const hook = createAuthenticate({
      log: pino({ level: 'silent' }),
      auth: {
        verify: async (_id, secret) => {
          seen.push(secret);
          return 'ok';
        },
      },
      clock: new ManualClock(),
      verifyTimeoutMs: 5_000,
    });
    const ok = await new Promise<boolean | null>((resolve) =>
      hook({ id: deviceId } as Client, deviceId, password, (_error, accepted) => resolve(accepted)),
    );
    expect(ok).toBe(true);
    expect(seen).toEqual(['the-device-secret']);
    expect(password.equals(Buffer.alloc(password.length))).toBe(true);
  });

  it('accepts when the answer arrived in time but this process read it late (its own event loop stalled past the deadline)', async () => {
    // A real socket pair and real timers: the credential read's answer is written into the socket, then this
    // process stalls past the deadline, as a node busy with a returning fleet does. Timer and answer come due
    // in the same turn; the answer must win.
    const { near: client, far: database, close } = await socketPair();
    try {
      const answer = once(client, 'data').then(() => 'ok' as const);
      const result = run({ verify: () => answer }, systemClock, randomUUID(), 50);
      database.write('ok');
      stallEventLoop(300);
      expect(await result).toEqual({ returnCode: null, ok: true });
    } finally {
      close();
    }
  });
});

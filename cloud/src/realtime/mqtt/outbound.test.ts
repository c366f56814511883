import { randomUUID } from 'node:crypto';
import { DEFAULT_DEVICE_CONFIG, type DeviceCommand, type DeviceConfig } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../kernel/deep-freeze.js';
import { createOutboundEncoder } from './outbound.js';

const configApply = (config: DeviceConfig, version = 2): DeviceCommand => ({
  v: 1,
  id: randomUUID(),
  issuedAt: '2026-12-03T17:00:00.000Z',
  type: 'config.apply',
  version,
  config,
});

describe('outbound encoder', () => {
  it('encodes a config.apply sharing a frozen config exactly as the plain path does', () => {
    const encode = createOutboundEncoder();
    const shared = deepFreeze({ ...DEFAULT_DEVICE_CONFIG, volume: 35 });
    for (const version of [2, 3]) {
      const command = configApply(shared, version);
      expect(JSON.parse(encode('cmd', command))).toEqual(command);
      expect(JSON.parse(encode('cmd', command))).toEqual(
        JSON.parse(createOutboundEncoder()('cmd', structuredClone(command))),
      );
    }
  });

  it('reads a frozen config once, however many commands carry it, and still checks every envelope', () => {
    const encode = createOutboundEncoder();
    let reads = 0;
    const config = deepFreeze({
      ...DEFAULT_DEVICE_CONFIG,
      get volume() {
        reads += 1;
        return 35;
      },
    });
    encode('cmd', configApply(config));
    const afterFirst = reads;
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++)
      expect(JSON.parse(encode('cmd', configApply(config))).config.volume).toBe(35);
    expect(reads).toBe(afterFirst);
    expect(() => encode('cmd', configApply(config, 0))).toThrow(/invalid cmd/);
    expect(() => encode('cmd', { ...configApply(config), extra: 1 } as unknown as DeviceCommand)).toThrow(
      /invalid cmd/,
    );
  });

  it('refuses an invalid frozen config, and checks unfrozen configs every time', () => {
    const encode = createOutboundEncoder();
    const bad = deepFreeze({ ...DEFAULT_DEVICE_CONFIG, volume: 101 });
    expect(() => encode('cmd', configApply(bad))).toThrow(/invalid cmd/);
    expect(() => encode('cmd', configApply(bad))).toThrow(/invalid cmd/);
    const mutable = { ...DEFAULT_DEVICE_CONFIG, volume: 35 };
    encode('cmd', configApply(mutable));
    mutable.volume = 101;
    expect(() => encode('cmd', configApply(mutable))).toThrow(/invalid cmd/);
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays', () => {
    const value = deepFreeze({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClientMessage,
  DEFAULT_DEVICE_CONFIG,
  DeviceCommand,
  DeviceConfig,
  declaredSurface,
  decode,
  deviceTopic,
  MAX_FRAME_BYTES,
  parseDeviceTopic,
} from './index.js';

const deviceId = '0b6f5c3e-8f7a-4c1e-9a53-2f1d7f1e8a10';

describe('decoding frames', () => {
  it('accepts a well-formed call.place', () => {
    const raw = JSON.stringify({
      v: 1,
      type: 'call.place',
      requestId: 'r1',
      to: { kind: 'citizen', id: deviceId },
    });
    expect(decode(ClientMessage, raw)).toMatchObject({ ok: true, value: { type: 'call.place' } });
  });

  it('rejects an unknown message type with a reason', () => {
    const result = decode(ClientMessage, JSON.stringify({ v: 1, type: 'call.teleport' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/type/);
  });

  it('rejects extra fields instead of passing them on', () => {
    const result = decode(
      ClientMessage,
      JSON.stringify({ v: 1, type: 'ping', nonce: 1, cpr: '010101-1234' }),
    );
    expect(result.ok).toBe(false);
  });

  it('rejects frames that are too large before parsing them', () => {
    const result = decode(ClientMessage, 'x'.repeat(MAX_FRAME_BYTES + 1));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/too large/) });
  });

  it('never throws, whatever bytes arrive', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 2_000 })), (raw) => {
        const result = decode(DeviceCommand, raw);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('device topics', () => {
  it('round-trips every channel of a device', () => {
    for (const channel of ['state', 'hb', 'ack', 'sig/up', 'cmd', 'sig/down'] as const) {
      expect(parseDeviceTopic(deviceTopic(deviceId, channel))).toEqual({ deviceId, channel });
    }
  });

  it('refuses wildcards, other roots and unknown channels', () => {
    expect(parseDeviceTopic(`sv/v1/d/+/state`)).toBeNull();
    expect(parseDeviceTopic(`sv/v1/d/${deviceId}/#`)).toBeNull();
    expect(parseDeviceTopic(`other/${deviceId}/state`)).toBeNull();
    expect(parseDeviceTopic(`sv/v1/d/${deviceId}/state/extra`)).toBeNull();
  });
});

describe('the night watch in a kiosk config', () => {
  const config = (nightWatch: Record<string, unknown>) =>
    DeviceConfig.safeParse({ ...DEFAULT_DEVICE_CONFIG, nightWatch });
  const poolId = 'c29a323c-3bff-406f-8b90-7017abf250be';

  it("carries the pool's switchboard number, so an offline kiosk can still show it", () => {
    const parsed = config({ enabled: true, poolId, fallbackPhone: '33 66 33 66' });
    expect(parsed.success && parsed.data.nightWatch.fallbackPhone).toBe('33 66 33 66');
  });

  it('still parses a config from before the number (none set)', () => {
    expect(config({ enabled: true, poolId }).success).toBe(true);
  });

  it("carries the resident's night-watch hours, across midnight and to the end of the day", () => {
    const windows = [
      { days: [1, 2, 3, 4, 5], from: '22:00', to: '07:00' },
      { days: [6, 7], from: '18:00', to: '24:00' },
    ];
    const parsed = config({ enabled: true, poolId, windows });
    expect(parsed.success && parsed.data.nightWatch.windows).toEqual(windows);
    expect(config({ enabled: true, poolId, windows: [] }).success).toBe(true);
  });

  it('refuses hours that are not weekdays and HH:MM spans', () => {
    const bad = (w: Record<string, unknown>) => config({ enabled: true, poolId, windows: [w] }).success;
    expect(bad({ days: [0], from: '22:00', to: '07:00' })).toBe(false);
    expect(bad({ days: [8], from: '22:00', to: '07:00' })).toBe(false);
    expect(bad({ days: [], from: '22:00', to: '07:00' })).toBe(false);
    expect(bad({ days: [1], from: '22:00', to: '22:00' })).toBe(false);
    expect(bad({ days: [1], from: '24:00', to: '07:00' })).toBe(false);
    expect(bad({ days: [1], from: '7:00', to: '22:00' })).toBe(false);
    expect(bad({ days: [1], from: '07:00', to: '22:00', who: 'Aase' })).toBe(false);
  });

  it('refuses a number that is not digits and spaces', () => {
    expect(config({ enabled: true, poolId, fallbackPhone: 'ring Jonas' }).success).toBe(false);
    expect(config({ enabled: true, poolId, fallbackPhone: '' }).success).toBe(false);
  });
});

describe('the loan in a kiosk config', () => {
  it('says whether the kiosk is lent now, and parses configs from before it', () => {
    expect(DeviceConfig.safeParse({ ...DEFAULT_DEVICE_CONFIG, lent: false }).success).toBe(true);
    expect(DeviceConfig.safeParse({ ...DEFAULT_DEVICE_CONFIG, lent: 'no' }).success).toBe(false);
    expect(DeviceConfig.safeParse(DEFAULT_DEVICE_CONFIG).success).toBe(true);
  });
});

describe('the surface a signalling socket declares', () => {
  it('reads ?surface=nightwatch, and nothing from anything else, never throwing on a request target', () => {
    expect(declaredSurface('/ws?surface=nightwatch')).toBe('nightwatch');
    expect(declaredSurface('/ws?surface=NIGHTWATCH')).toBeNull();
    expect(declaredSurface('/ws?surface=kitchen')).toBeNull();
    expect(declaredSurface('/ws')).toBeNull();
    expect(declaredSurface(undefined)).toBeNull();
    // Node's HTTP parser lets an absolute-form target through that the URL parser refuses.
    expect(declaredSurface('http://[')).toBeNull();
  });
});

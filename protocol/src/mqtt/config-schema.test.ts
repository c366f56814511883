import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeviceConfigSchema1 } from '../testing/config-schema-1.js';
import {
  DEFAULT_DEVICE_CONFIG,
  type DeviceConfig,
  DeviceConfig as DeviceConfigSchema,
  KioskDeviceCommand,
  KioskDeviceConfig,
  unknownConfigKeys,
} from './commands.js';
import {
  CONFIG_SCHEMA,
  CONFIG_SCHEMA_OLDEST,
  CONFIG_SCHEMA_STEPS,
  configForSchema,
  configSchemaFor,
} from './config-schema.js';
import { DeviceState } from './device-state.js';

const poolId = 'c29a323c-3bff-406f-8b90-7017abf250be';
/** A config with every field the cloud has today. */
const full: DeviceConfig = {
  ...DEFAULT_DEVICE_CONFIG,
  nightWatch: {
    enabled: true,
    poolId,
    fallbackPhone: '33 66 33 66',
    windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '22:00', to: '07:00' }],
  },
  lent: true,
};

/** Every optional key of a zod object shape, as dotted paths, one level into nested objects. */
function optionalPaths(shape: Record<string, z.ZodType>, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const path = `${prefix}${key}`;
    if (schema instanceof z.ZodOptional) return [path];
    if (schema instanceof z.ZodObject && prefix === '') return optionalPaths(schema.shape, `${path}.`);
    return [];
  });
}

describe('config schemas', () => {
  it('sends a kiosk that reports no schema a config the first kiosk release accepts', () => {
    expect(DeviceConfigSchema1.safeParse(full).success).toBe(false);
    const shaped = configForSchema(full, configSchemaFor(undefined));
    expect(DeviceConfigSchema1.parse(shaped)).toEqual({
      ...DEFAULT_DEVICE_CONFIG,
      nightWatch: { enabled: true, poolId },
    });
    // The input is never changed: other kiosks share it.
    expect(full.nightWatch.windows).toHaveLength(1);
    expect(full.lent).toBe(true);
  });

  it('sends a kiosk of the current schema everything, as the same object', () => {
    expect(configForSchema(full, CONFIG_SCHEMA)).toBe(full);
    expect(configForSchema(full, configSchemaFor(CONFIG_SCHEMA + 5))).toBe(full);
    // Nothing to leave out: the same object for the oldest schema too.
    expect(configForSchema(DEFAULT_DEVICE_CONFIG, CONFIG_SCHEMA_OLDEST)).toBe(DEFAULT_DEVICE_CONFIG);
  });

  it('reads what a kiosk reported as a schema the cloud knows', () => {
    expect(configSchemaFor(null)).toBe(CONFIG_SCHEMA_OLDEST);
    expect(configSchemaFor(undefined)).toBe(CONFIG_SCHEMA_OLDEST);
    expect(configSchemaFor(CONFIG_SCHEMA + 1)).toBe(CONFIG_SCHEMA);
    expect(configSchemaFor(CONFIG_SCHEMA)).toBe(CONFIG_SCHEMA);
  });

  it('names every optional field in a step (a new field without one fails here), and nothing else', () => {
    const stepped = CONFIG_SCHEMA_STEPS.flatMap((step) => step.fields.map((path) => path.join('.')));
    // poolId is schema 1's own: every kiosk in the field knows it.
    expect([...stepped, 'nightWatch.poolId'].sort()).toEqual(optionalPaths(DeviceConfigSchema.shape).sort());
    const numbers = CONFIG_SCHEMA_STEPS.map((step) => step.schema);
    expect(numbers).toEqual(numbers.map((_, i) => CONFIG_SCHEMA_OLDEST + 1 + i));
    expect(CONFIG_SCHEMA).toBe(numbers.at(-1));
  });

  it('lets a kiosk report its schema in its state, and a newer one than the cloud knows', () => {
    const state = { v: 1, status: 'online', configSchema: CONFIG_SCHEMA };
    expect(DeviceState.safeParse(state).success).toBe(true);
    expect(DeviceState.safeParse({ ...state, configSchema: CONFIG_SCHEMA + 7 }).success).toBe(true);
    expect(DeviceState.safeParse({ ...state, configSchema: 0 }).success).toBe(false);
    expect(DeviceState.safeParse({ ...state, configSchema: '2' }).success).toBe(false);
  });
});

describe('a kiosk reading a config from a newer cloud', () => {
  const newer = { ...full, dimAtNight: true, nightWatch: { ...full.nightWatch, ringTone: 'bells' } };

  it('ignores the fields it does not know and names them', () => {
    const parsed = KioskDeviceConfig.safeParse(newer);
    expect(parsed.success && parsed.data).toEqual(full);
    expect(DeviceConfigSchema.safeParse(newer).success).toBe(false);
    expect(unknownConfigKeys(newer).sort()).toEqual(['dimAtNight', 'nightWatch.ringTone']);
    expect(unknownConfigKeys(full)).toEqual([]);
  });

  it('still refuses a field it knows with a bad value, and an envelope it does not know', () => {
    expect(KioskDeviceConfig.safeParse({ ...newer, volume: 101 }).success).toBe(false);
    expect(
      KioskDeviceConfig.safeParse({ ...newer, nightWatch: { ...newer.nightWatch, fallbackPhone: 'x' } })
        .success,
    ).toBe(false);
    const command = {
      v: 1,
      id: poolId,
      issuedAt: '2026-12-07T15:00:00.000Z',
      type: 'config.apply',
      version: 3,
      config: newer,
    };
    expect(KioskDeviceCommand.safeParse(command).success).toBe(true);
    expect(KioskDeviceCommand.safeParse({ ...command, priority: 'high' }).success).toBe(false);
  });
});

import {
  CONFIG_SCHEMA,
  CONFIG_SCHEMA_OLDEST,
  DEFAULT_DEVICE_CONFIG,
  type DeviceCommand,
  type DeviceConfig,
} from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../kernel/deep-freeze.js';
import { createCommandShaper } from './config-for-kiosk.js';

const config: DeviceConfig = {
  ...DEFAULT_DEVICE_CONFIG,
  lent: true,
  nightWatch: { enabled: false, windows: [] },
};
const apply = (shared: DeviceConfig): DeviceCommand => ({
  v: 1,
  id: crypto.randomUUID(),
  issuedAt: new Date(0).toISOString(),
  type: 'config.apply',
  version: 2,
  config: shared,
});

describe('commands shaped for the config schema each kiosk reported', () => {
  it('keeps a bulk push grouped: one frozen shaped config per distinct config and schema, not per kiosk', () => {
    const shape = createCommandShaper();
    const shared = deepFreeze({ ...config });
    const oldOnes = [apply(shared), apply(shared), apply(shared)].map((c) => shape(c, CONFIG_SCHEMA_OLDEST));
    const first = oldOnes[0]!.type === 'config.apply' ? oldOnes[0]!.config : null;
    expect(first).toEqual(DEFAULT_DEVICE_CONFIG);
    expect(Object.isFrozen(first) && Object.isFrozen(first?.nightWatch)).toBe(true);
    for (const command of oldOnes) expect(command.type === 'config.apply' && command.config).toBe(first);
    // A kiosk of the current schema gets the very command it was given: nothing copied.
    const current = apply(shared);
    expect(shape(current, CONFIG_SCHEMA)).toBe(current);
  });

  it('copies a config that is not shared, and leaves every other command alone', () => {
    const shape = createCommandShaper();
    const single = apply({ ...config });
    const shaped = shape(single, CONFIG_SCHEMA_OLDEST);
    expect(shaped.type === 'config.apply' && shaped.config).toEqual(DEFAULT_DEVICE_CONFIG);
    expect(single.type === 'config.apply' && single.config.lent).toBe(true);
    const wipe: DeviceCommand = {
      v: 1,
      id: crypto.randomUUID(),
      issuedAt: new Date(0).toISOString(),
      type: 'wipe',
    };
    expect(shape(wipe, CONFIG_SCHEMA_OLDEST)).toBe(wipe);
  });
});

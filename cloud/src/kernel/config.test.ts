import { describe, expect, it } from 'vitest';
import { loadCloudConfig } from './config.js';

/** A ConfigError (printed without a stack trace by main.ts) naming exactly these problems. */
const configError = (problems: unknown[]) => expect.objectContaining({ name: 'ConfigError', problems });

// docs/protocol.md#heartbeat: a kiosk is shown offline only after three missed heartbeats.
describe('the cloud checks kiosk expiry against the heartbeat interval at start-up', () => {
  it('takes the defaults: offline after 90 s, kiosks beating every 30 s', () => {
    expect(loadCloudConfig({})).toMatchObject({
      DEVICE_OFFLINE_AFTER_SECONDS: 90,
      DEVICE_HEARTBEAT_SECONDS: 30,
    });
  });

  it('refuses an expiry shorter than three beats with one clear problem, not a stack trace', () => {
    expect(() => loadCloudConfig({ DEVICE_OFFLINE_AFTER_SECONDS: '60' })).toThrow(
      configError([
        'DEVICE_OFFLINE_AFTER_SECONDS is too short for DEVICE_HEARTBEAT_SECONDS: 60 s would show a kiosk beating every 30 s offline after fewer than 3 missed heartbeats: use at least 90 s.',
      ]),
    );
  });

  it('accepts a short expiry for kiosks that beat as often (simulated test fleets)', () => {
    expect(
      loadCloudConfig({ DEVICE_OFFLINE_AFTER_SECONDS: '10', DEVICE_HEARTBEAT_SECONDS: '3' }),
    ).toMatchObject({ DEVICE_OFFLINE_AFTER_SECONDS: 10, DEVICE_HEARTBEAT_SECONDS: 3 });
  });

  it('refuses a heartbeat interval no kiosk may use', () => {
    expect(() =>
      loadCloudConfig({ DEVICE_HEARTBEAT_SECONDS: '31', DEVICE_OFFLINE_AFTER_SECONDS: '3600' }),
    ).toThrow(configError([expect.stringMatching(/^DEVICE_HEARTBEAT_SECONDS is invalid/)]));
  });
});

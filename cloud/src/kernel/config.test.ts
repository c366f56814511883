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

// docs/operations.md "Configuration": an invalid value stops the process with one paragraph naming the variable
// (exit 2, which the systemd unit does not restart), never a driver's stack trace or exit 1 (restarted in a loop).
describe('the cloud refuses connection URLs its drivers cannot read, naming the variable', () => {
  const refused = (env: Record<string, string>, variable: string, secret: string) => {
    let error: unknown;
    try {
      loadCloudConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toEqual(expect.objectContaining({ name: 'ConfigError' }));
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`${variable} is invalid`));
    // Never the value: the password is in it.
    expect(message).not.toContain(secret);
  };

  it('refuses a database password with a bare % (postgres.js would throw "URI malformed")', () => {
    refused(
      { DATABASE_URL: 'postgres://screenvisit:50%off@db.internal:5432/screenvisit' },
      'DATABASE_URL',
      '50%off',
    );
  });

  it('refuses a database URL whose port is not a number (a # or / in the password does this)', () => {
    refused(
      { DATABASE_URL: 'postgres://screenvisit:ab#cd@db.internal:5432/screenvisit' },
      'DATABASE_URL',
      'ab#cd',
    );
  });

  it('refuses a database name with a bare %', () => {
    refused({ DATABASE_URL: 'postgres://screenvisit@db.internal:5432/sv%zz' }, 'DATABASE_URL', 'sv%zz');
  });

  it('refuses a Redis URL whose port is not a number (ioredis would quietly use 6379)', () => {
    refused({ REDIS_URL: 'redis://:s3cret@10.0.0.5:six/0' }, 'REDIS_URL', 's3cret');
  });

  it('refuses a Redis password with a bare %', () => {
    refused({ REDIS_URL: 'redis://:70%sure@10.0.0.5:6379/0' }, 'REDIS_URL', '70%sure');
  });

  it('accepts percent-encoded passwords and a socket directory', () => {
    expect(
      loadCloudConfig({
        DATABASE_URL: 'postgres://screenvisit:50%25off%23@db.internal:5432/screenvisit?sslmode=verify-full',
        REDIS_URL: 'rediss://default:70%25sure@10.0.0.5:6380/2',
        SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
        VAPID_PUBLIC_KEY: `B${'A'.repeat(86)}`,
        VAPID_PRIVATE_KEY: 'A'.repeat(43),
      }),
    ).toMatchObject({ REDIS_URL: 'rediss://default:70%25sure@10.0.0.5:6380/2' });
    expect(
      loadCloudConfig({ DATABASE_URL: 'postgres:///screenvisit?host=/var/run/postgresql' }),
    ).toBeTruthy();
  });
});

describe('the cloud refuses half a VAPID key pair at start-up', () => {
  const publicKey = `B${'A'.repeat(86)}`;
  it('names both variables, as a configuration problem (exit 2)', () => {
    expect(() => loadCloudConfig({ VAPID_PUBLIC_KEY: publicKey })).toThrow(
      configError([expect.stringMatching(/^VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together/)]),
    );
  });
});

// docs/operations.md#two-nodes, "What each node needs": the same PostgreSQL and the same secrets on every node.
describe('the cloud refuses a cluster node (REDIS_URL) that would keep data or keys of its own', () => {
  const secrets = {
    SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
    VAPID_PUBLIC_KEY: `B${'A'.repeat(86)}`,
    VAPID_PRIVATE_KEY: 'A'.repeat(43),
  };
  const node = {
    REDIS_URL: 'redis://10.0.0.5:6379/0',
    DATABASE_URL: 'postgres://sv@db.internal/sv',
    ...secrets,
  };

  it('accepts a node with the shared PostgreSQL and the shared secrets', () => {
    expect(loadCloudConfig(node)).toMatchObject({ REDIS_URL: node.REDIS_URL });
  });

  it('refuses one without DATABASE_URL: each node would run its own embedded database', () => {
    const { DATABASE_URL: _, ...env } = node;
    expect(() => loadCloudConfig(env)).toThrow(
      configError([expect.stringMatching(/^REDIS_URL is set, so DATABASE_URL is required/)]),
    );
  });

  it('refuses one without SECRETS_KEY or the VAPID pair: each node would generate keys the others cannot use', () => {
    const { SECRETS_KEY: _, VAPID_PUBLIC_KEY: __, VAPID_PRIVATE_KEY: ___, ...env } = node;
    expect(() => loadCloudConfig(env)).toThrow(
      configError([
        expect.stringMatching(
          /^REDIS_URL is set, so SECRETS_KEY, VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are required/,
        ),
      ]),
    );
  });
});

describe('TRUSTED_PROXIES', () => {
  it('says what a proxy entry must look like when one is a bare address (it said only "Invalid input")', () => {
    expect(() => loadCloudConfig({ TRUSTED_PROXIES: '127.0.0.1' })).toThrow(
      configError([
        expect.stringMatching(/^TRUSTED_PROXIES is invalid \(expected CIDRs such as 10\.0\.0\.5\/32/),
      ]),
    );
  });
});

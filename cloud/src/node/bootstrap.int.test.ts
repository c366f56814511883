import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../../test-support/requirements.js';
import { Browser } from '../../test/kits/http-client.js';
import { createTestDatabase, testDatabaseKind } from '../../test/postgres-database.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable } from '../db/index.js';

/**
 * Issue 12 "done when": from an empty PostgreSQL database, the bootstrap command creates the municipality and its
 * administrator; the administrator logs in (one-time password replaced, authenticator enrolled), sets the staff
 * network allow-list to one address, and a staff login from another loopback address is then refused.
 * The real CLI runs as a child process against a fresh database on the real server.
 */
const cli = fileURLToPath(new URL('../bootstrap.ts', import.meta.url));
const run = promisify(execFile);
const NEW_PASSWORD = 'Fyrtaarn-Kajak-Lynild-62';

async function bootstrapCli(url: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...args], {
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// The bootstrap command is for a production PostgreSQL (issue 12 §5); on PGlite there is nothing to test. Say so
// loudly, and fail under CI=true (test-support/requirements.ts).
const onPostgres = requireOrSkip(
  'PostgreSQL for the bootstrap command',
  (await testDatabaseKind()) === 'postgres',
  'run against PostgreSQL (unset SV_TEST_DB=pglite)',
);

describe.skipIf(!onPostgres)('operator bootstrap on an empty PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: TestCloud;
  let oneTimePassword: string;
  const args = [
    '--municipality',
    'Testby Kommune',
    '--admin',
    'anna.admin',
    '--name',
    'Anna Admin',
    '--staff-network',
    '127.0.0.0/8',
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('creates the municipality and its administrator once, then changes nothing', async () => {
    const first = await bootstrapCli(database.url, ...args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    oneTimePassword = /^ {4}(\S{20})$/m.exec(first.stdout)?.[1] ?? '';
    expect(oneTimePassword).toHaveLength(20);

    const again = await bootstrapCli(database.url, ...args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Already bootstrapped');
    expect(again.stdout).not.toContain(oneTimePassword);

    const other = await bootstrapCli(database.url, ...args.slice(0, 1), 'Andenby Kommune', ...args.slice(2));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('already holds 1 municipality');
    const noNetwork = await bootstrapCli(database.url, ...args.slice(0, 6), '--allow-non-empty');
    expect(noNetwork.code).toBe(2);
    expect(noNetwork.stderr).toContain('--staff-network');
  }, 120_000);

  it('refuses a DATABASE_URL the driver cannot read with one sentence naming it, never the password (exit 2)', async () => {
    // A generated password with a bare % in it: postgres.js threw "URI malformed" (exit 1, no variable named).
    const url = new URL(database.url);
    const bad = `postgres://${url.username}:50%off@${url.host}${url.pathname}`;
    const refused = await bootstrapCli(bad, ...args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^DATABASE_URL is invalid: .*write % as %25/);
    expect(refused.stderr).not.toContain('50%off');
  }, 60_000);

  it('lets the administrator narrow the allow-list to one address; a login from another address is refused', async () => {
    t = await startTestCloud({ DATABASE_URL: database.url });
    const admin = new Browser(t.base, '127.0.0.1');
    const login = await admin.post('/api/auth/login', { username: 'anna.admin', password: oneTimePassword });
    expect(login.json.stage).toBe('password_change');
    const changed = await admin.post('/api/auth/password', { current: oneTimePassword, next: NEW_PASSWORD });
    expect(changed.json).toMatchObject({ stage: 'second_factor', enrolmentRequired: true });
    const secret = (await admin.post('/api/auth/totp/enrol')).json.secret as string;
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) });
    expect((await admin.post('/api/auth/totp/confirm', { code })).status).toBe(200);

    const settings = await admin.call('/api/settings');
    expect(settings.json).toMatchObject({ staffNetworks: ['127.0.0.0/8'], yourAddress: '127.0.0.1' });

    // A list that leaves out the admin's own address is refused unless confirmed.
    const lockout = await admin.call('/api/settings', { staffNetworks: ['10.0.0.0/8'] }, 'PUT');
    expect(lockout.status).toBe(409);
    expect((await admin.call('/api/settings', { staffNetworks: ['not-an-ip'] }, 'PUT')).status).toBe(400);

    const narrowed = await admin.call('/api/settings', { staffNetworks: ['127.0.0.1'] }, 'PUT');
    expect(narrowed.status).toBe(200);
    expect(narrowed.json.staffNetworks).toEqual(['127.0.0.1/32']);
    const audited = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'settings.changed'));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({
      changed: ['staffNetworks'],
      before: { staffNetworks: ['127.0.0.0/8'] },
      after: { staffNetworks: ['127.0.0.1/32'] },
    });

    const elsewhere = new Browser(t.base, '127.0.0.2');
    const refused = await elsewhere.post('/api/auth/login', {
      username: 'anna.admin',
      password: NEW_PASSWORD,
    });
    expect([401, 403]).toContain(refused.status);
    expect(refused.json.stage).toBeUndefined();
    const failures = await t.cloud.db.db
      .select({ ip: auditLogTable.ip, details: auditLogTable.details })
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'auth.login.failed'), eq(auditLogTable.ip, '127.0.0.2')));
    expect(failures.map((f) => f.details)).toEqual([{ reason: 'network', step: 'password' }]);

    // The administrator, still on the allowed address, keeps working.
    expect((await admin.call('/api/settings')).status).toBe(200);
  }, 120_000);
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../../test-support/requirements.js';
import { Browser } from '../../test/kits/http-client.js';
import { createTestDatabase, testDatabaseKind } from '../../test/postgres-database.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, staffTable } from '../db/index.js';

/**
 * The operator's tools for the accounts nobody in the product may help: a second system administrator
 * (`add-account --role system_admin`), and `reset-account` for a lost phone, a forgotten password or a closed
 * account, from the real CLI as a child process against a fresh PostgreSQL database.
 */
const cli = fileURLToPath(new URL('../bootstrap.ts', import.meta.url));
const run = promisify(execFile);
const NEW_PASSWORD = 'Fyrtaarn-Kajak-Lynild-62';
const M = 'Resetby Kommune';

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
const oneTimePasswordIn = (stdout: string) => /^ {4}(\S{20})$/m.exec(stdout)?.[1] ?? '';

async function firstLogin(t: TestCloud, username: string, password: string, next = NEW_PASSWORD) {
  const browser = new Browser(t.base, '127.0.0.1');
  const login = await browser.post('/api/auth/login', { username, password });
  expect(login.json, username).toMatchObject({ stage: 'password_change', passwordChange: 'temporary' });
  const changed = await browser.post('/api/auth/password', { current: password, next });
  expect(changed.json).toMatchObject({ stage: 'second_factor', enrolmentRequired: true, factors: [] });
  const secret = (await browser.post('/api/auth/totp/enrol')).json.secret as string;
  const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) });
  expect((await browser.post('/api/auth/totp/confirm', { code })).status).toBe(200);
  return browser;
}

const onPostgres = requireOrSkip(
  'PostgreSQL for the bootstrap command',
  (await testDatabaseKind()) === 'postgres',
  'run against PostgreSQL (unset SV_TEST_DB=pglite)',
);

describe.skipIf(!onPostgres)('operator reset-account and a second administrator', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: TestCloud;
  const reset = (...more: string[]) =>
    bootstrapCli(database.url, 'reset-account', '--municipality', M, ...more);

  beforeAll(async () => {
    database = await createTestDatabase();
    const boot = await bootstrapCli(
      database.url,
      ...[
        '--municipality',
        M,
        '--admin',
        'anna.admin',
        '--name',
        'Anna Admin',
        '--staff-network',
        '127.0.0.0/8',
      ],
    );
    expect(boot.code).toBe(0);
    t = await startTestCloud({ DATABASE_URL: database.url });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('adds a second system administrator who logs in at /admin/ like the first', async () => {
    const added = await bootstrapCli(
      database.url,
      ...[
        'add-account',
        '--municipality',
        M,
        '--role',
        'system_admin',
        '--username',
        'bent.admin',
        '--name',
        'Bent',
      ],
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Created system_admin account bent.admin');
    expect(added.stdout).toContain('/admin/');
    const admin = await firstLogin(t, 'bent.admin', oneTimePasswordIn(added.stdout));
    expect((await admin.call('/api/settings')).status).toBe(200);
  }, 120_000);

  it('resets a locked-out account: new one-time password once, old factors gone, closed only with --reopen', async () => {
    const added = await bootstrapCli(
      database.url,
      ...[
        'add-account',
        '--municipality',
        M,
        '--role',
        'support',
        '--username',
        'sofie.berg',
        '--name',
        'Sofie Berg',
      ],
    );
    const first = oneTimePasswordIn(added.stdout);
    await firstLogin(t, 'sofie.berg', first);

    const done = await reset('--username', 'Sofie.Berg');
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Reset support account sofie.berg');
    const second = oneTimePasswordIn(done.stdout);
    expect(second).toHaveLength(20);
    const old = await new Browser(t.base, '127.0.0.1').post('/api/auth/login', {
      username: 'sofie.berg',
      password: NEW_PASSWORD,
    });
    expect(old.status).toBe(401);
    // Her old password is in her history: the product asks for a new one, as at every change.
    await firstLogin(t, 'sofie.berg', second, 'Havmaage-Cykel-Pose-73');

    // Closed (for inactivity, say): refused without --reopen, nothing changed; opened with it.
    await t.cloud.db.db
      .update(staffTable)
      .set({ disabledAt: new Date() })
      .where(eq(staffTable.username, 'sofie.berg'));
    const refused = await reset('--username', 'sofie.berg');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('sofie.berg is closed. Add --reopen');
    expect(refused.stdout).toBe('');
    const reopened = await reset('--username', 'sofie.berg', '--reopen');
    expect(reopened.code).toBe(0);
    expect(reopened.stdout).toContain(', opened again');
    await firstLogin(t, 'sofie.berg', oneTimePasswordIn(reopened.stdout), 'Snemand-Lampe-Vej-58');

    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'staff.access_reset'));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actorKind: 'system',
      details: expect.objectContaining({ via: 'bootstrap' }),
    });
    for (const secret of [second, oneTimePasswordIn(reopened.stdout)])
      expect(JSON.stringify(audit)).not.toContain(secret);
  }, 180_000);

  it('refuses arguments it cannot use, naming the flag to fix (exit 2)', async () => {
    const cases: [string[], string][] = [
      [[], '--username is required'],
      [['--username', 'sofie berg'], '--username: The username may hold'],
      [['--username', 'nobody.here'], 'No account nobody.here in Resetby Kommune'],
      [['--username', 'sofie.berg', '--password', 'x'], "Unknown option '--password'"],
    ];
    for (const [args, said] of cases) {
      const refused = await reset(...args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain(said);
      expect(refused.stdout).toBe('');
    }
  }, 120_000);

  it('refuses a municipality the database does not hold, naming the one it does, and changes nothing', async () => {
    const passwords = () =>
      t.cloud.db.db.select({ hash: staffTable.passwordHash }).from(staffTable).orderBy(staffTable.id);
    const before = await passwords();
    const refused = await bootstrapCli(
      database.url,
      ...['reset-account', '--municipality', 'Andenby Kommune', '--username', 'anna.admin'],
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'Refused: No municipality named "Andenby Kommune" on this database (it holds "Resetby Kommune").',
    );
    expect(refused.stdout).toBe('');
    expect(await passwords()).toEqual(before);
  }, 60_000);
});

import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClient } from '../src/cloud-client.js';
import { readSession, sessionPath } from '../src/session-file.js';
import { DEMO_PASSWORD, looksLikeStackTrace, type SupportCloud, startSupportCloud } from './support-cloud.js';

/**
 * The support CLI end to end against the REAL cloud, started as its own process (test/support-cloud.ts: demo mode,
 * PGlite, ephemeral ports), over HTTP only. The demo support person sets up TOTP through the real API first, as
 * they would in the web app.
 */
let sc: SupportCloud;
let base: string;
let env: Record<string, string>;
const code = (offsetSteps: number) => sc.code(offsetSteps);
const cli = (...argv: string[]) => sc.cli(...argv);
/** The CLI binary itself, as support runs it. */
const cliProcess = (argv: string[]) => sc.cliProcess(argv);

beforeAll(async () => {
  sc = await startSupportCloud();
  base = sc.base;
  env = sc.env;
}, 120_000);

afterAll(() => sc?.stop());

describe('screenvisit-support against a real cloud', () => {
  it('refuses commands before login with exit code 3 and no stack trace', async () => {
    const run = await cliProcess(['devices', 'list']);
    expect(run.exit).toBe(3);
    expect(run.err).toMatch(/login/);
    expect(run.err).not.toMatch(looksLikeStackTrace);
  });

  it('logs in like a person (password + TOTP) and keeps the session in a 0600 file', async () => {
    const wrong = await cliProcess([
      'login',
      '--url',
      base,
      '--username',
      'sofie.berg',
      '--password',
      'nope-nope',
      '--totp',
      '000000',
    ]);
    expect(wrong.exit).toBe(4);
    expect(wrong.err).not.toMatch(looksLikeStackTrace);

    const run = await cliProcess([
      'login',
      '--url',
      base,
      '--username',
      'sofie.berg',
      '--password',
      DEMO_PASSWORD,
      '--totp',
      await code(1),
    ]);
    expect(run.err).toBe('');
    expect(run.exit).toBe(0);
    const path = sessionPath(env);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readSession(path)?.baseUrl).toBe(base);
  });

  it('registers a device, issues its code, lends, configures, shows, returns and wipes it', async () => {
    const label = `CLI-${Date.now().toString(36).toUpperCase()}`;
    const registered = await cli('devices', 'register', label);
    expect(registered.exit).toBe(0);
    const id = /as ([0-9a-f-]{36})/.exec(registered.out)![1]!;

    const issued = await cli('devices', 'enrol-code', id);
    expect(issued.exit).toBe(0);
    const enrolmentCode = /enrolment code (\S+)/.exec(issued.out)![1]!;
    const enrolled = await fetch(`${base}/api/devices/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: enrolmentCode, hardwareId: 'rpi4-cli-test' }),
    });
    expect(enrolled.status).toBe(201);

    const session = readSession(sessionPath(env))!;
    const citizen = await new CloudClient(session.baseUrl, session).post('/api/citizens', {
      displayName: 'Test Borger',
    });
    const lent = await cli('devices', 'lend', id, (citizen as { id: string }).id);
    expect(lent).toMatchObject({ exit: 0 });
    expect(lent.out).toContain('lent');

    const configured = await cli('devices', 'config', id, '--volume', '40');
    expect(configured.exit).toBe(0);
    // Auto-answer is the borrower's setting, not the kiosk's: refused before the cloud is asked, saying where.
    const refused = await cli(
      'devices',
      'config',
      id,
      '--volume',
      '50',
      '--auto-answer',
      'on',
      '--countdown',
      '15',
    );
    expect(refused.exit).toBe(2);
    expect(refused.err).toMatch(/borrower citizen's own setting/);
    const shown = JSON.parse((await cli('devices', 'show', id, '--json')).out) as {
      targetConfig: { volume: number; autoAnswer: { enabled: boolean; countdownSeconds: number } };
    };
    expect(shown.targetConfig).toMatchObject({
      volume: 40,
      autoAnswer: { enabled: false, countdownSeconds: 10 },
    });
    expect((await cli('devices', 'show', id)).out).toMatch(/state: +lent/);
    // Issue 12: `devices show` says whom the device is lent to, by name.
    expect((await cli('devices', 'show', id)).out).toMatch(/lent to: +Test Borger/);

    const listed = await cli('devices', 'list');
    expect(listed.out).toContain(label);

    expect((await cli('devices', 'return', id)).exit).toBe(0);
    const wiped = await cli('devices', 'wipe', id);
    expect(wiped.exit).toBe(0);
    expect(wiped.out).toMatch(/revoked/);
    expect((await cli('devices', 'wipe', id)).exit).toBe(4);
  });

  it('registers kiosks several at once and lends them by label to citizens by name or ref, never an id', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const labels = [1, 2, 3].map((n) => `NAME-${stamp}-${n}`) as [string, string, string];
    // 40 kiosks in one line, as support has them in a box: `devices register KBH-00{01..40}`.
    const registered = await cli('devices', 'register', ...labels);
    expect(registered).toMatchObject({ exit: 0, err: '' });
    expect(registered.out.split('\n')).toHaveLength(3);
    // By the label on the box, in any case; one code per kiosk, each named.
    const codes = await cli('devices', 'enrol-code', labels[0].toLowerCase(), labels[1]);
    expect(codes.exit).toBe(0);
    expect(codes.out).toMatch(new RegExp(`^${labels[0]}: enrolment code \\S+`, 'm'));
    expect(codes.out).toMatch(new RegExp(`^${labels[1]}: enrolment code \\S+`, 'm'));

    const session = readSession(sessionPath(env))!;
    const api = new CloudClient(session.baseUrl, session);
    const name = `Grete Lind ${stamp}`;
    const twin = `Hans Sørensen ${stamp}`;
    for (const displayName of [name, twin, twin]) await api.post('/api/citizens', { displayName });

    const lent = await cli('devices', 'lend', labels[0], name.toLowerCase());
    expect(lent).toMatchObject({ exit: 0, err: '' });
    expect(lent.out).toBe(
      `${labels[0]} is now lent to ${name}. It is not enrolled yet: it can neither call nor be called until it is (devices enrol-code ${labels[0]}).`,
    );
    // The list names the borrower, and says a kiosk lent before it enrolled is lent, not on the shelf.
    const row = (await cli('devices', 'list')).out.split('\n').find((l) => l.startsWith(labels[0]));
    expect(row).toMatch(new RegExp(`lent, not enrolled +${name} `));

    // Two citizens share the name: refused, with both refs, and the ref then names exactly one.
    const namesakes = await cli('devices', 'lend', labels[1], twin);
    expect(namesakes.exit).toBe(7);
    expect(namesakes.err).toContain(`2 citizens are called ${twin}: nothing was done. Give the ref or id`);
    const refs = [...namesakes.err.matchAll(/Ref\. ([0-9A-F]{6})/g)].map((m) => m[1]!);
    expect(new Set(refs).size).toBe(2);
    const byRef = await cli('devices', 'lend', labels[1], refs[0]!.toLowerCase());
    expect(byRef).toMatchObject({
      exit: 0,
      out: expect.stringMatching(`^${labels[1]} is now lent to ${twin}\\. `),
    });

    // Part of a name is not enough to lend: it lists who matches instead.
    const partial = await cli('devices', 'lend', labels[2], `Grete Lind`);
    expect(partial.exit).toBe(7);
    expect(partial.err).toContain(`No citizen is called exactly Grete Lind`);
    expect(partial.err).toContain(`${name} (Ref. `);
    expect(partial.err).toContain(`has ${labels[0]}`);

    const unknown = await cli('devices', 'show', `NOPE-${stamp}`);
    expect(unknown).toMatchObject({
      exit: 7,
      err: expect.stringContaining(`No kiosk is labelled NOPE-${stamp}`),
    });
    expect((await cli('devices', 'return', labels[0])).out).toMatch(new RegExp(`^${labels[0]} is back`));
  });

  it('explains bad arguments with exit code 2, before calling the cloud', async () => {
    for (const argv of [
      ['devices', 'register'],
      ['devices', 'lend', 'KBH-0001', 'Aase', 'Pedersen'],
      ['devices', 'config', '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11', '--volume', '101'],
      ['devices', 'config', '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11'],
      ['devices', 'lend', '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11'],
      ['devices', 'list', '--colour'],
      ['devices', 'dance'],
    ]) {
      const run = await cli(...argv);
      expect(run.exit, argv.join(' ')).toBe(2);
      expect(run.err).toMatch(/usage/i);
    }
  });

  it('logs out: the cloud ends the session and the file is gone', async () => {
    const session = readSession(sessionPath(env))!;
    expect((await cli('logout')).exit).toBe(0);
    expect(readSession(sessionPath(env))).toBeNull();
    const stale = await new CloudClient(session.baseUrl, session).request('GET', '/api/devices');
    expect(stale.status).toBe(401);
  });
});

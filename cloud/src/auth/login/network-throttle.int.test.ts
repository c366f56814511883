import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../../test/fixtures.js';
import { Browser } from '../../../test/kits/http-client.js';
import { startOfInFlightSlice } from '../../../test/kits/in-flight.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { hashPassword } from '../password/hashing.js';

const PASSWORD = 'Blaabaer-Stige-Hoejtaler-81';
let t: TestCloud;
let proxied: TestCloud;

beforeAll(async () => {
  [t, proxied] = await Promise.all([startTestCloud(), startTestCloud({ TRUSTED_PROXIES: '127.0.0.3/32' })]);
});
afterAll(async () => {
  await Promise.all([t?.close(), proxied?.close()]);
});

async function onlyLocalhostStaff(cloud: TestCloud) {
  const municipality = await createMunicipality(cloud, { staffNetworks: ['127.0.0.1/32'] });
  // Another municipality on the machine admits all of loopback: refusals must not depend on it.
  await createMunicipality(cloud, { staffNetworks: ['127.0.0.0/8'] });
  const staff = await createStaff(cloud, municipality.id, 'staff', {
    passwordHash: await hashPassword(PASSWORD),
    passwordChangedAt: new Date(),
  });
  return { municipalityId: municipality.id, username: staff.username };
}

describe('staff network allow-list at login', () => {
  it('refuses 127.0.0.2 before checking the password and admits 127.0.0.1', async () => {
    const { municipalityId, username } = await onlyLocalhostStaff(t);
    const outside = new Browser(t.base, '127.0.0.2');
    const right = await outside.post('/api/auth/login', { municipalityId, username, password: PASSWORD });
    const wrong = await outside.post('/api/auth/login', {
      municipalityId,
      username,
      password: 'Wrong-Password-99x',
    });
    const nobody = await outside.post('/api/auth/login', {
      municipalityId,
      username: 'nobody.here',
      password: PASSWORD,
    });
    expect([right.status, wrong.status, nobody.status]).toEqual([403, 403, 403]);
    expect(right.json.detail).toBe(nobody.json.detail); // same answer whether or not the account exists
    expect(right.headers['set-cookie']).toBeUndefined();

    const inside = await new Browser(t.base, '127.0.0.1').post('/api/auth/login', {
      municipalityId,
      username,
      password: PASSWORD,
    });
    expect(inside.status).toBe(200);
    expect(inside.json.stage).toBe('second_factor');
  });

  it('without a named municipality, refuses like a wrong password where other municipalities admit the address', async () => {
    const { username } = await onlyLocalhostStaff(t);
    const reply = await new Browser(t.base, '127.0.0.2').post('/api/auth/login', {
      username,
      password: PASSWORD,
    });
    expect(reply.status).toBe(401);
    const unknown = await new Browser(t.base, '127.0.0.2').post('/api/auth/login', {
      username: 'nobody.x',
      password: PASSWORD,
    });
    expect(unknown.json).toEqual(reply.json);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const { municipalityId, username } = await onlyLocalhostStaff(t);
    const spoof = new Browser(t.base, '127.0.0.2', { 'x-forwarded-for': '127.0.0.1' });
    expect(
      (await spoof.post('/api/auth/login', { municipalityId, username, password: PASSWORD })).status,
    ).toBe(403);
  });

  it('believes X-Forwarded-For only from a configured proxy (TRUSTED_PROXIES)', async () => {
    const { municipalityId, username } = await onlyLocalhostStaff(proxied);
    const body = { municipalityId, username, password: PASSWORD };
    const viaProxy = new Browser(proxied.base, '127.0.0.3', { 'x-forwarded-for': '127.0.0.1' });
    expect((await viaProxy.post('/api/auth/login', body)).status).toBe(200);
    const notProxy = new Browser(proxied.base, '127.0.0.2', { 'x-forwarded-for': '127.0.0.1' });
    expect((await notProxy.post('/api/auth/login', body)).status).toBe(403);
    const proxyForOutsider = new Browser(proxied.base, '127.0.0.3', { 'x-forwarded-for': '127.0.0.2' });
    expect((await proxyForOutsider.post('/api/auth/login', body)).status).toBe(403);
  });
});

describe('login throttling', () => {
  it('makes the 6th attempt wait with 429 + Retry-After, growing, then lets the person in again', async () => {
    const municipality = await createMunicipality(t);
    const staff = await createStaff(t, municipality.id, 'staff', {
      passwordHash: await hashPassword(PASSWORD),
      passwordChangedAt: new Date(),
    });
    const browser = new Browser(t.base, '127.0.0.20');
    const attempt = (password: string) =>
      browser.post('/api/auth/login', { username: staff.username, password });
    for (let i = 0; i < 5; i++) expect((await attempt('Wrong-Password-99x')).status).toBe(401);
    const refused = await attempt(PASSWORD); // even the right password waits
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('1');
    // The same account from another address waits too (per account), so rotating IPs does not help.
    expect(
      (
        await new Browser(t.base, '127.0.0.21').post('/api/auth/login', {
          username: staff.username,
          password: PASSWORD,
        })
      ).status,
    ).toBe(429);

    await new Promise((r) => setTimeout(r, 1_100)); // the one real-time test; the rest use a fake clock
    expect((await attempt('Wrong-Password-99x')).status).toBe(401);
    const longer = await attempt(PASSWORD);
    expect(longer.status).toBe(429);
    expect(longer.headers['retry-after']).toBe('2');

    await new Promise((r) => setTimeout(r, 2_100));
    const ok = await attempt(PASSWORD);
    expect(ok.status).toBe(200); // no permanent lockout
    expect(ok.json.stage).toBe('second_factor');
  });

  it('lets no more than the free failures through when 30 wrong passwords arrive at once', async () => {
    // Each is checked before any has failed (the password check takes tens of ms): before the in-flight count,
    // 12 of 30 got a password check where the policy allows 5 before the first wait.
    const municipality = await createMunicipality(t);
    const staff = await createStaff(t, municipality.id, 'staff', {
      passwordHash: await hashPassword(PASSWORD),
      passwordChangedAt: new Date(),
    });
    const browser = new Browser(t.base, '127.0.0.23');
    await startOfInFlightSlice();
    const replies = await Promise.all(
      Array.from({ length: 30 }, () =>
        browser.post('/api/auth/login', { username: staff.username, password: 'Wrong-Password-99x' }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it('throttles second-factor guessing per person', async () => {
    const municipality = await createMunicipality(t);
    const staff = await createStaff(t, municipality.id, 'staff', {
      passwordHash: await hashPassword(PASSWORD),
      passwordChangedAt: new Date(),
    });
    const browser = new Browser(t.base, '127.0.0.22');
    await browser.post('/api/auth/login', { username: staff.username, password: PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await browser.post('/api/auth/second-factor/recovery', { code: `WRONG-CODE-000${i}` })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

import { request } from 'node:http';
import { type Clock, systemClock } from '@screenvisit/protocol';
import { cookieName, csrfTokenFor } from '../../src/auth/session-cookie.js';
import { createSession } from '../../src/auth/session-store.js';
import type { MunicipalitySettingsInput } from '../../src/db/index.js';
import { createMunicipality, createStaff } from '../fixtures.js';
import type { TestCloud } from '../test-cloud.js';

/** For tests only: shared set-up of the citizens integration tests. */

/** A clock that starts at real time and moves only when told (timers stay real). */
export function fakeClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    setTimeout: systemClock.setTimeout,
    clearTimeout: systemClock.clearTimeout,
    advance(ms) {
      now += ms;
    },
  };
}

/**
 * A municipality with a support user. Each call logs in afresh at the cloud's (possibly fake) time, so a
 * test that moves the clock by days does not find support idle-logged-out.
 */
export async function supportDesk(
  t: TestCloud,
  settings: MunicipalitySettingsInput = {},
  clock: Pick<Clock, 'now'> = systemClock,
) {
  const municipality = await createMunicipality(t, {
    staffNetworks: ['127.0.0.0/8', '::1/128'],
    ...settings,
  });
  const support = await createStaff(t, municipality.id, 'support');
  const call = async (method: string, path: string, body?: unknown) => {
    const { token } = await createSession(t.cloud.db.db, {
      subjectKind: 'staff',
      subjectId: support.id,
      municipalityId: municipality.id,
      stage: 'full',
      method: 'test',
      ip: '127.0.0.1',
      now: new Date(clock.now()),
      absoluteMs: 12 * 3_600_000,
    });
    return fetch(`${t.base}${path}`, {
      method,
      headers: {
        cookie: `${cookieName(t.config.COOKIE_SECURE)}=${token}`,
        'x-csrf-token': csrfTokenFor(token),
        origin: t.base,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  return { municipality, support, call };
}

export type Desk = Awaited<ReturnType<typeof supportDesk>>;

export async function newCitizen(desk: Desk, displayName = 'Karen Jensen'): Promise<string> {
  const res = await desk.call('POST', '/api/citizens', { displayName });
  if (res.status !== 201) throw new Error(`create citizen: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

const CODE = /[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}/;

/** Issues a code by SMS through the outbox adapter and reads it back from the outbox, as support would. */
export async function smsCode(desk: Desk, citizenId: string, channel: 'sms' | 'digital_post' = 'sms') {
  const body = channel === 'sms' ? { channel, phone: '+4512345678' } : { channel, recipientRef: 'REF-1234' };
  const res = await desk.call('POST', `/api/citizens/${citizenId}/activation-codes`, body);
  if (res.status !== 201) throw new Error(`issue code: ${res.status} ${await res.text()}`);
  const issued = (await res.json()) as { codeId: string; expiresAt: string };
  const outbox = (await (await desk.call('GET', `/api/activation-outbox?citizenId=${citizenId}`)).json()) as {
    body: string;
  }[];
  const code = outbox[0]?.body.match(CODE)?.[0];
  if (!code) throw new Error('no code in the outbox');
  return { ...issued, code };
}

/**
 * A browser: keeps the cookies the cloud sets (as a real one would for this origin) and sends the CSRF token
 * it was given. Node's fetch has no cookie jar of its own.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  constructor(private readonly t: TestCloud) {}

  async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { origin: this.t.base };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.t.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** POST that also remembers a CSRF token from a login answer. */
  async login(path: string, body?: unknown) {
    const res = await this.fetch('POST', path, body);
    const json = (await res.clone().json()) as { csrfToken?: string };
    if (res.ok && json.csrfToken) this.csrf = json.csrfToken;
    return res;
  }
}

/** POST from a chosen loopback source address (127.0.0.x), so per-IP throttles are tested in isolation. */
export function postFrom(t: TestCloud, localAddress: string, path: string, body: unknown): Promise<number> {
  const url = new URL(path, t.base);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/json',
          origin: t.base,
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

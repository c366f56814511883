import { describe, expect, it } from 'vitest';
import { stillLoggedIn } from './use-call-session.js';

/** The session endpoint's answer, as a fetch the check is handed (no global is replaced). */
const answering =
  (status: number, body: unknown): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('whether a dropped call link may reconnect', () => {
  it('reconnects a live session, and a LOCKED night-watch console, which must go on ringing', async () => {
    expect(await stillLoggedIn(answering(200, { authenticated: true }))).toBe(true);
    expect(await stillLoggedIn(answering(200, { authenticated: false, locked: true }))).toBe(true);
  });
  it('gives up on a session that ended, or is refused', async () => {
    expect(await stillLoggedIn(answering(200, { authenticated: false }))).toBe(false);
    expect(await stillLoggedIn(answering(401, {}))).toBe(false);
  });
  it('tries again when the network, not the session, failed', async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await stillLoggedIn(offline)).toBe(true);
  });
});

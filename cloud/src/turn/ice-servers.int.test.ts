import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@screenvisit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCoturn, type RunningCoturn, startCoturn } from '../../../test-support/coturn.js';
import { requireOrSkip } from '../../../test-support/requirements.js';
import {
  createCitizen,
  createMunicipality,
  createStaff,
  LOOPBACK_NETWORKS,
  sessionFor,
} from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { gather, type PeerConnectionCtor, relayCall } from '../../test/turn/peers.js';

/**
 * GET /api/calls/ice-servers against a REAL coturn on loopback: two @roamhq/wrtc peers, relay only, with the
 * ICE servers our endpoint hands out, connect through the relay; credentials coturn cannot verify get no relay.
 */
const SECRET = 'integration-static-auth-secret-0123456789';
const wrtc = (await import('@roamhq/wrtc').catch(() => null)) as {
  RTCPeerConnection: PeerConnectionCtor;
} | null;
const enabled =
  hasCoturn() && requireOrSkip('@roamhq/wrtc', wrtc !== null, 'npm install (it is a dev dependency)');

interface IceAnswer {
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  iceTransportPolicy: 'all' | 'relay';
  expiresAt: string | null;
}

describe.skipIf(!enabled)('ICE servers through a real coturn', () => {
  let coturn: RunningCoturn;
  let t: TestCloud;
  /** The cloud's clock runs this many ms off real time, to issue credentials that are already expired. */
  let skewMs = 0;
  let staff: { kind: 'staff'; id: string; municipalityId: string };
  let citizen: { kind: 'citizen'; id: string; municipalityId: string };
  let relayOnlyStaff: { kind: 'staff'; id: string; municipalityId: string };

  beforeAll(async () => {
    coturn = await startCoturn({ secret: SECRET });
    t = await startTestCloud(
      {
        TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
        STUN_URLS: `stun:127.0.0.1:${coturn.port}`,
        TURN_SECRET: SECRET,
        TURN_TTL_SECONDS: '60',
      },
      { clock: { ...systemClock, now: () => Date.now() + skewMs } },
    );
    const home = await createMunicipality(t);
    const locked = await createMunicipality(t, { staffNetworks: LOOPBACK_NETWORKS, relayOnly: true });
    staff = { kind: 'staff', id: (await createStaff(t, home.id)).id, municipalityId: home.id };
    citizen = { kind: 'citizen', id: (await createCitizen(t, home.id)).id, municipalityId: home.id };
    relayOnlyStaff = { kind: 'staff', id: (await createStaff(t, locked.id)).id, municipalityId: locked.id };
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await coturn?.close();
  });

  async function iceFor(subject: typeof staff | typeof citizen): Promise<IceAnswer> {
    const res = await fetch(`${t.base}/api/calls/ice-servers`, {
      headers: (await sessionFor(t, subject)).headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return (await res.json()) as IceAnswer;
  }

  it('stops the cloud at start-up when TURN servers are configured without the shared secret', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sv-turn-'));
    try {
      await expect(
        startTestCloud({
          DATABASE_URL: t.config.DATABASE_URL ?? '',
          DATA_DIR: dataDir,
          TURN_URLS: `turn:127.0.0.1:${coturn.port}`,
        }),
      ).rejects.toThrow(/TURN_SECRET is not set/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses anyone without a session', async () => {
    expect((await fetch(`${t.base}/api/calls/ice-servers`)).status).toBe(401);
  });

  it('gives staff and citizens TURN credentials named by internal id and expiring after the TTL', async () => {
    for (const subject of [staff, citizen]) {
      const before = Math.floor(Date.now() / 1000);
      const ice = await iceFor(subject);
      expect(ice.iceTransportPolicy).toBe('all');
      const [turn, stun] = ice.iceServers;
      const [expiry, id] = turn!.username!.split(':');
      expect(id).toBe(subject.id);
      expect(Number(expiry) - before).toBeGreaterThanOrEqual(60);
      expect(Number(expiry) - before).toBeLessThanOrEqual(61);
      expect(ice.expiresAt).toBe(new Date(Number(expiry) * 1000).toISOString());
      expect(stun).toEqual({ urls: [`stun:127.0.0.1:${coturn.port}`] });
    }
  });

  it('tells clients of a relay-only municipality to use the relay only', async () => {
    const ice = await iceFor(relayOnlyStaff);
    expect(ice.iceTransportPolicy).toBe('relay');
    expect(ice.iceServers.every((s) => s.username !== undefined)).toBe(true);
  });

  it('carries a relay-only call between a staff member and a citizen through coturn', async () => {
    const [a, b] = [await iceFor(staff), await iceFor(citizen)];
    const result = await relayCall(
      wrtc!.RTCPeerConnection,
      { iceServers: a.iceServers, iceTransportPolicy: 'relay' },
      { iceServers: b.iceServers, iceTransportPolicy: 'relay' },
    );
    expect(result.message).toBe('hello through the relay');
    expect(result.a).toEqual({ local: 'relay', remote: 'relay' });
    expect(result.b).toEqual({ local: 'relay', remote: 'relay' });
  });

  it('gets no relay with credentials signed by another secret', async () => {
    const other = await startCoturn({ secret: 'a-different-secret-than-the-cloud-has' });
    try {
      const ice = await iceFor(staff);
      const turn = { ...ice.iceServers[0]!, urls: [`turn:127.0.0.1:${other.port}?transport=udp`] };
      const seen = await gather(wrtc!.RTCPeerConnection, { iceServers: [turn], iceTransportPolicy: 'relay' });
      expect(seen.relay).toEqual([]);
      expect(seen.errors.map((e) => e.errorCode)).toContain(401);
    } finally {
      await other.close();
    }
  });

  it('gets no relay with credentials that have expired, and a relay again with fresh ones', async () => {
    skewMs = -70_000; // TTL 60 s: issued "70 s ago", expired 10 s ago.
    const stale = await iceFor(staff).finally(() => {
      skewMs = 0;
    });
    expect(Date.parse(stale.expiresAt!)).toBeLessThan(Date.now());
    const refused = await gather(wrtc!.RTCPeerConnection, {
      iceServers: stale.iceServers,
      iceTransportPolicy: 'relay',
    });
    expect(refused.relay).toEqual([]);
    expect(refused.errors.map((e) => e.errorCode)).toContain(401);

    const fresh = await gather(wrtc!.RTCPeerConnection, {
      iceServers: (await iceFor(staff)).iceServers,
      iceTransportPolicy: 'relay',
    });
    expect(fresh.relay.length).toBeGreaterThan(0);
  });
});

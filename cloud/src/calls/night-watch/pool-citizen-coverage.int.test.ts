import { FakeClock } from '@screenvisit/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, sessionFor } from '../../../test/fixtures.js';
import { careWorld, connect } from '../../../test/kits/calls.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { grantCallPermission } from '../../care/index.js';

const clock = new FakeClock(Date.now());
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ CALL_PERMISSION_RECHECK_SECONDS: '0' }, { clock });
});
afterAll(async () => {
  await t?.close();
});

describe('a night-watch pool that covers a citizen directly (issue 4 §3)', () => {
  it('lets a covered home-care citizen with the permission call the pool, and refuses once coverage is removed', async () => {
    const w = await careWorld(t);
    // `home` lives at home (a home-care team), in no facility the pool covers.
    await grantCallPermission(t.cloud.db.db, {
      municipalityId: w.municipalityId,
      enrolmentId: w.homeEnrolment.id,
      direction: 'citizen_to_night_watch',
      windows: null,
      at: new Date(clock.now() - 60_000),
    });
    const support = await createStaff(t, w.municipalityId, 'support');
    const { headers } = await sessionFor(t, {
      kind: 'staff',
      id: support.id,
      municipalityId: w.municipalityId,
    });
    const cover = async (citizenIds: string[]) => {
      const res = await fetch(`${t.base}/api/night-watch/pools/${w.pool.id}/coverage`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ facilityUnitIds: [w.facility.id], citizenIds }),
      });
      expect(res.status).toBe(200);
      return res.json();
    };
    const me = async () => {
      const { headers: own } = await sessionFor(t, w.home);
      return (await (await fetch(`${t.base}/api/citizen/me`, { headers: own })).json()) as {
        nightWatchPoolId: string | null;
      };
    };
    const a = await connect(t, w.watchA);
    const home = await connect(t, w.home);

    // The permission alone is not enough: no pool covers her yet.
    expect((await me()).nightWatchPoolId).toBeNull();
    home.send({ type: 'call.place', requestId: 'd0', to: { kind: 'pool', id: w.pool.id } });
    expect(await home.next('call.refused', (m) => m.requestId === 'd0')).toMatchObject({
      code: 'not_permitted',
    });

    expect(await cover([w.home.id])).toEqual({ facilityUnitIds: [w.facility.id], citizenIds: [w.home.id] });
    expect((await me()).nightWatchPoolId).toBe(w.pool.id);
    home.send({ type: 'call.place', requestId: 'd1', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await home.next('call.ringing', (m) => m.requestId === 'd1');
    // A citizen the pool covers directly rings with the pool's own name as the place, never the resident's
    // name (issue 10: the ring also reaches idle-locked consoles).
    expect(await a.next('call.incoming', (m) => m.callId === callId)).toMatchObject({
      displayName: w.pool.name,
    });
    home.send({ type: 'call.hangup', callId });
    await a.next('call.ended', (m) => m.callId === callId);

    // Facilities only (an older client): direct coverage stays.
    const res = await fetch(`${t.base}/api/night-watch/pools/${w.pool.id}/coverage`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ facilityUnitIds: [w.facility.id] }),
    });
    expect(await res.json()).toEqual({ facilityUnitIds: [w.facility.id], citizenIds: [w.home.id] });

    await cover([]);
    expect((await me()).nightWatchPoolId).toBeNull();
    home.send({ type: 'call.place', requestId: 'd2', to: { kind: 'pool', id: w.pool.id } });
    expect(await home.next('call.refused', (m) => m.requestId === 'd2')).toMatchObject({
      code: 'not_permitted',
    });
    for (const c of [a, home]) c.ws.close();
  });
});

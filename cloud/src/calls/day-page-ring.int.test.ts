import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careWorld, connect, dayPage } from '../../test/kits/calls.js';
import { callThePool } from '../../test/kits/night-watch.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { grantCallPermission } from '../care/index.js';

/**
 * What a ring tells a staff member's page it is for (protocol CallIncoming `dialled`): the day page (/staff/)
 * answers a citizen calling the person or the team and says which; a resident's call to the night watch rings the
 * night-watch console only. `from` alone is the citizen in all three, so the page could not tell them apart.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

/** careWorld, with Birthe allowed to call her home-care team (and its members) at any time. */
async function birtheMayCall() {
  const w = await careWorld(t);
  await grantCallPermission(t.cloud.db.db, {
    municipalityId: w.municipalityId,
    enrolmentId: w.homeEnrolment.id,
    direction: 'citizen_to_staff',
    windows: null,
    at: new Date(Date.now() - 60_000),
  });
  return w;
}

describe('what a ring tells a staff page it is for', () => {
  it('tells the day page a citizen calls the team, as her page dials it, and then the person', async () => {
    const w = await birtheMayCall();
    const day = await connect(t, dayPage(w.nurse));
    const birthe = await connect(t, w.home);
    try {
      // Her home screen's "Ring til hjemmeplejen" dials the team as a pool (citizens/callable-staff.ts).
      birthe.send({ type: 'call.place', requestId: 'team', to: { kind: 'pool', id: w.team.id } });
      const team = await day.next('call.incoming');
      expect(team).toMatchObject({
        from: { kind: 'citizen', id: w.home.id },
        displayName: 'Birthe Borger',
        dialled: 'team',
      });
      birthe.send({ type: 'call.hangup', callId: team.callId });
      await day.next('call.ended', (m) => m.callId === team.callId);

      birthe.send({ type: 'call.place', requestId: 'direct', to: { kind: 'staff', id: w.nurse.id } });
      const direct = await day.next('call.incoming', (m) => m.callId !== team.callId);
      expect(direct).toMatchObject({ from: { kind: 'citizen', id: w.home.id }, dialled: 'person' });
      birthe.send({ type: 'call.hangup', callId: direct.callId });
    } finally {
      for (const c of [day, birthe]) c.ws.close();
    }
  });

  it('tells the console a resident calls the night watch, and never rings the member’s day page for it', async () => {
    const w = await careWorld(t);
    const console = await connect(t, w.watchA);
    const day = await connect(t, dayPage(w.watchA));
    const resident = await connect(t, w.resident);
    try {
      const callId = await callThePool(resident, w.pool.id, 'night');
      expect(await console.next('call.incoming', (m) => m.callId === callId)).toMatchObject({
        from: { kind: 'citizen', id: w.resident.id },
        dialled: 'night_watch',
      });
      resident.send({ type: 'call.hangup', callId });
      await console.next('call.ended', (m) => m.callId === callId);
      expect(day.has('call.incoming')).toBe(false);
    } finally {
      for (const c of [console, day, resident]) c.ws.close();
    }
  });

  it('sends a citizen’s page no `dialled` (nor a kiosk: its strict schema from before the field would refuse it)', async () => {
    const w = await careWorld(t);
    const nurse = await connect(t, w.nurse);
    const birthe = await connect(t, w.home);
    try {
      nurse.send({ type: 'call.place', requestId: 'out', to: { kind: 'citizen', id: w.home.id } });
      const ring = await birthe.next('call.incoming');
      expect(ring.from).toEqual({ kind: 'staff', id: w.nurse.id });
      expect('dialled' in ring).toBe(false);
      nurse.send({ type: 'call.hangup', callId: ring.callId });
    } finally {
      for (const c of [nurse, birthe]) c.ws.close();
    }
  });
});

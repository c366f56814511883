import { randomUUID } from 'node:crypto';
import { FakeClock } from '@screenvisit/protocol/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen } from '../../../test/fixtures.js';
import { careWorld, connect, dayPage, until } from '../../../test/kits/calls.js';
import { as } from '../../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { callRecordsTable, citizenEnrolmentsTable } from '../../db/index.js';
import { grantCallPermission, recordCall } from '../index.js';

const clock = new FakeClock(Date.now());
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({}, { clock });
});
afterAll(async () => {
  await t?.close();
});

/**
 * Birthe (home care) may call her team, and her team may call her, at any time. Her page dials the team as a
 * group (`kind: 'pool'` with the team's unit id, citizens/callable-staff.ts); the record names the unit.
 */
async function world() {
  const w = await careWorld(t, new Date(clock.now()));
  for (const direction of ['citizen_to_staff', 'staff_to_citizen'] as const)
    await grantCallPermission(t.cloud.db.db, {
      municipalityId: w.municipalityId,
      enrolmentId: w.homeEnrolment.id,
      direction,
      windows: null,
      at: new Date(clock.now() - 60_000),
    });
  return w;
}
const missedAs = async (subject: { kind: 'staff' | 'citizen'; id: string; municipalityId: string }) => {
  const reply = await (await as(t, subject)).get('/api/day-plan/missed-calls');
  expect(reply.status).toBe(200);
  return reply.json as { citizenName: string; attempts: number; callable: boolean; today: boolean }[];
};

describe("a citizen's call to her team that nobody took", () => {
  it('is on the team’s day page when nobody’s page was open to ring, and only on her team’s', async () => {
    const w = await world();
    const home = await connect(t, w.home);
    home.send({ type: 'call.place', requestId: 'm1', to: { kind: 'pool', id: w.team.id } });
    expect(await home.next('call.refused')).toMatchObject({ code: 'callee_offline' });
    const rows = await t.cloud.db.db
      .select()
      .from(callRecordsTable)
      .where(and(eq(callRecordsTable.callerId, w.home.id), eq(callRecordsTable.endReason, 'unreachable')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      calleeKind: 'pool',
      calleeId: w.team.id,
      connectedAt: null,
      slotId: null,
    });

    expect(await missedAs(w.nurse)).toEqual([
      expect.objectContaining({ citizenName: 'Birthe Borger', attempts: 1, callable: true, today: true }),
    ]);
    // A colleague outside her team is not told: it was not their call to take.
    expect(await missedAs(w.stranger)).toEqual([]);
    home.ws.close();
  });

  it('counts a ring nobody answered, and she leaves the list once someone has spoken with her', async () => {
    const w = await world();
    const home = await connect(t, w.home);
    home.send({ type: 'call.place', requestId: 'm2', to: { kind: 'pool', id: w.team.id } });
    await home.next('call.refused');
    const nurse = await connect(t, dayPage(w.nurse));
    home.send({ type: 'call.place', requestId: 'm3', to: { kind: 'pool', id: w.team.id } });
    const { callId } = await nurse.next('call.incoming');
    clock.advance(45_000);
    expect(await home.next('call.ended')).toMatchObject({ callId, reason: 'no_answer' });
    await until(async () => (await missedAs(w.nurse))[0]?.attempts === 2, 'two tries listed');

    // The nurse calls her back and they talk: the list no longer owes her a call.
    const at = new Date(clock.now());
    await recordCall(t.cloud.db.db, {
      callId: randomUUID(),
      municipalityId: w.municipalityId,
      callerKind: 'staff',
      callerId: w.nurse.id,
      calleeKind: 'citizen',
      calleeId: w.home.id,
      answeredByStaffId: null,
      ringAt: at,
      answerAt: at,
      connectedAt: at,
      endAt: at,
      endReason: 'hung_up',
    });
    expect(await missedAs(w.nurse)).toEqual([]);

    // A try after that talk is a new one.
    clock.advance(1_000);
    home.send({ type: 'call.place', requestId: 'm4', to: { kind: 'pool', id: w.team.id } });
    await nurse.next('call.incoming');
    home.send({
      type: 'call.hangup',
      callId: (await home.next('call.ringing', (m) => m.requestId === 'm4')).callId,
    });
    await until(async () => (await missedAs(w.nurse))[0]?.attempts === 1, 'the new try listed');
    nurse.ws.close();
    home.ws.close();
  });

  it('is listed when she calls a staff member who is busy in another call', async () => {
    const w = await world();
    const db = t.cloud.db.db;
    const other = await createCitizen(t, w.municipalityId, { displayName: 'Karl Borger' });
    const [enrolment] = await db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: other.id, unitId: w.team.id, startedAt: new Date(clock.now() - 86_400_000) })
      .returning();
    await grantCallPermission(db, {
      municipalityId: w.municipalityId,
      enrolmentId: enrolment!.id,
      direction: 'citizen_to_staff',
      windows: null,
      at: new Date(clock.now() - 60_000),
    });
    const nurse = await connect(t, dayPage(w.nurse));
    const home = await connect(t, w.home);
    nurse.send({ type: 'call.place', requestId: 'b1', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await home.next('call.incoming');
    home.send({ type: 'call.accept', callId });
    await nurse.next('call.accepted');
    const karl = await connect(t, { kind: 'citizen', id: other.id, municipalityId: w.municipalityId });
    karl.send({ type: 'call.place', requestId: 'b2', to: { kind: 'staff', id: w.nurse.id } });
    expect(await karl.next('call.refused')).toMatchObject({ code: 'callee_busy' });
    expect(await missedAs(w.nurse)).toEqual([
      expect.objectContaining({ citizenName: 'Karl Borger', attempts: 1 }),
    ]);
    for (const c of [nurse, home, karl]) c.ws.close();
  });

  it('drops off after a day', async () => {
    const w = await world();
    const home = await connect(t, w.home);
    home.send({ type: 'call.place', requestId: 'm5', to: { kind: 'pool', id: w.team.id } });
    await home.next('call.refused');
    expect(await missedAs(w.nurse)).toHaveLength(1);
    // A day and a second ago (the cloud's clock stays: sessions and permissions are not what this is about).
    await t.cloud.db.db
      .update(callRecordsTable)
      .set({ ringAt: new Date(clock.now() - 24 * 60 * 60_000 - 1_000) })
      .where(eq(callRecordsTable.callerId, w.home.id));
    expect(await missedAs(w.nurse)).toEqual([]);
    home.ws.close();
  });
});

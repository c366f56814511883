import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, sessionFor } from '../../../test/fixtures.js';
import { careWorld } from '../../../test/kits/calls.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { appendAudit, nightWatchCallsTable, unitMembershipsTable, unitsTable } from '../../db/index.js';

/** Issue 10 §6: support and the unit manager watch the watchers. */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

async function nightWithCalls() {
  const w = await careWorld(t);
  const db = t.cloud.db.db;
  const [other] = await db
    .insert(unitsTable)
    .values({ municipalityId: w.municipalityId, kind: 'night_watch_pool', name: 'Reservevagten' })
    .returning();
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const row = (placedAt: Date, extra: Partial<typeof nightWatchCallsTable.$inferInsert>) => ({
    id: randomUUID(),
    poolUnitId: w.pool.id,
    citizenId: w.resident.id,
    placedAt,
    ...extra,
  });
  await db.insert(nightWatchCallsTable).values([
    row(ago(300), {
      status: 'accepted',
      acceptedBy: w.watchA.id,
      acceptedAt: new Date(ago(300).getTime() + 10_000),
    }),
    row(ago(200), {
      status: 'accepted',
      acceptedBy: w.watchB.id,
      acceptedAt: new Date(ago(200).getTime() + 90_000),
    }),
    row(ago(100), { status: 'missed', reason: 'no_answer' }),
    row(ago(50), { status: 'escalated', reason: 'nobody_on_duty', escalatedToPoolUnitId: other!.id }),
    row(ago(25 * 60), { status: 'missed', reason: 'no_answer' }),
  ]);
  await appendAudit(db, {
    municipalityId: w.municipalityId,
    at: ago(40),
    actorKind: 'system',
    actorId: null,
    action: 'night_watch.pool_unreachable',
    targetKind: 'unit',
    targetId: w.pool.id,
    details: { onDuty: 2, sms: { sent: false, reason: 'no_gateway' } },
  });
  return w;
}

const get = (path: string, headers: Record<string, string>) => fetch(`${t.base}${path}`, { headers });

describe('watch the watchers', () => {
  it('counts the last 24 hours of calls by outcome for support, naming who answered but no resident', async () => {
    const w = await nightWithCalls();
    const support = await sessionFor(t, {
      kind: 'staff',
      id: (await createStaff(t, w.municipalityId, 'support')).id,
      municipalityId: w.municipalityId,
    });
    const response = await get(`/api/night-watch/pools/${w.pool.id}/watch`, support.headers);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('Aase');
    const report = JSON.parse(text) as Record<string, unknown> & { calls: Record<string, unknown>[] };
    expect(report.totals).toEqual({
      calls: 4,
      answered: 1,
      answeredLate: 1,
      missed: 1,
      escalated: 1,
      open: 0,
    });
    expect(report.calls.map((c) => c.outcome)).toEqual(['answered', 'answered_late', 'missed', 'escalated']);
    expect(report.calls[0]).toMatchObject({ answeredAfterSeconds: 10, answeredBy: 'Jonas Nattevagt' });
    expect(report.calls[3]).toMatchObject({ reason: 'nobody_on_duty', escalatedTo: 'Reservevagten' });
    expect(report.alerts).toEqual([
      expect.objectContaining({ kind: 'unreachable', onDuty: 2, sms: 'no_gateway' }),
    ]);
    expect(report.onDuty).toEqual([
      expect.objectContaining({ reachable: false }),
      expect.objectContaining({ reachable: false }),
    ]);

    const lenient = await get(`/api/night-watch/pools/${w.pool.id}/watch?withinSeconds=120`, support.headers);
    expect(((await lenient.json()) as { totals: { answered: number } }).totals.answered).toBe(2);
  });

  it("is for the pool's own manager and support only, not its members nor another unit's manager", async () => {
    const w = await nightWithCalls();
    const manager = await createStaff(t, w.municipalityId, 'unit_manager');
    const stranger = await createStaff(t, w.municipalityId, 'unit_manager');
    await t.cloud.db.db.insert(unitMembershipsTable).values({ staffId: manager.id, unitId: w.pool.id });
    const as = async (id: string) =>
      (
        await get(
          `/api/night-watch/pools/${w.pool.id}/watch`,
          (
            await sessionFor(t, { kind: 'staff', id, municipalityId: w.municipalityId })
          ).headers,
        )
      ).status;
    expect(await as(manager.id)).toBe(200);
    expect(await as(stranger.id)).toBe(403);
    expect(await as(w.watchA.id)).toBe(403);
  });
});

import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { as } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { recordCall } from '../care/index.js';
import { callQualityReportsTable, devicesTable } from '../db/index.js';

/** Issue 13: a quality report is evidence for "connected", so only a party of the call may give one. */
let t: TestCloud;
let municipalityId: string;
const ids: Record<'nurse' | 'colleague' | 'citizen' | 'other' | 'kioskCitizen' | 'device', string> = {
  nurse: '',
  colleague: '',
  citizen: '',
  other: '',
  kioskCitizen: '',
  device: '',
};
const staff = (id: string) => ({ kind: 'staff' as const, id, municipalityId });
const citizen = (id: string) => ({ kind: 'citizen' as const, id, municipalityId });

const report = (callId: string, role: 'caller' | 'callee') => ({
  callId,
  role,
  durationSeconds: 60,
  rttMs: 20,
  lossPercent: 0,
  bitrateKbps: 900,
  width: 640,
  height: 480,
  audioOnly: false,
});

async function call(callee: { kind: 'citizen' | 'device'; id: string }) {
  const callId = randomUUID();
  const at = new Date();
  await recordCall(t.cloud.db.db, {
    callId,
    municipalityId,
    callerKind: 'staff',
    callerId: ids.nurse,
    calleeKind: callee.kind,
    calleeId: callee.id,
    ringAt: at,
    answerAt: at,
    connectedAt: at,
    endAt: new Date(at.getTime() + 60_000),
    endReason: 'hung_up',
  });
  return callId;
}

const sides = async (callId: string) =>
  (
    await t.cloud.db.db
      .select({ side: callQualityReportsTable.side })
      .from(callQualityReportsTable)
      .where(eq(callQualityReportsTable.callId, callId))
  )
    .map((r) => r.side)
    .sort();

beforeAll(async () => {
  t = await startTestCloud();
  municipalityId = (await createMunicipality(t)).id;
  ids.nurse = (await createStaff(t, municipalityId)).id;
  ids.colleague = (await createStaff(t, municipalityId)).id;
  ids.citizen = (await createCitizen(t, municipalityId)).id;
  ids.other = (await createCitizen(t, municipalityId)).id;
  ids.kioskCitizen = (await createCitizen(t, municipalityId)).id;
  const [device] = await t.cloud.db.db
    .insert(devicesTable)
    .values({ municipalityId, label: 'Skærm 1', citizenId: ids.kioskCitizen, lifecycle: 'lent' })
    .returning();
  ids.device = device!.id;
}, 60_000);
afterAll(() => t?.close());

describe('POST /api/calls/quality', () => {
  it("stores each party's report with the side the call record says it took part on, not the side it claims", async () => {
    const callId = await call({ kind: 'citizen', id: ids.citizen });
    expect(
      (await (await as(t, staff(ids.nurse))).post('/api/calls/quality', report(callId, 'caller'))).status,
    ).toBe(204);
    // The citizen's browser claims "caller"; the record says callee, and that is what is kept.
    expect(
      (await (await as(t, citizen(ids.citizen))).post('/api/calls/quality', report(callId, 'caller'))).status,
    ).toBe(204);
    expect(await sides(callId)).toEqual(['callee', 'caller']);
  });

  it('takes the report of the citizen whose lent kiosk was called', async () => {
    const callId = await call({ kind: 'device', id: ids.device });
    const reply = await (await as(t, citizen(ids.kioskCitizen))).post(
      '/api/calls/quality',
      report(callId, 'callee'),
    );
    expect(reply.status).toBe(204);
    expect(await sides(callId)).toEqual(['callee']);
  });

  it('refuses a colleague or another citizen of the same municipality, in Danish, and stores nothing', async () => {
    const callId = await call({ kind: 'citizen', id: ids.citizen });
    for (const who of [staff(ids.colleague), citizen(ids.other), citizen(ids.kioskCitizen)]) {
      const client = await as(t, who);
      const reply = await fetch(`${t.base}/api/calls/quality`, {
        method: 'POST',
        headers: { ...client.headers, 'accept-language': 'da' },
        body: JSON.stringify(report(callId, 'callee')),
      });
      expect(reply.status).toBe(403);
      expect(((await reply.json()) as { detail: string }).detail).toBe(
        'Kun dem, der var med i et opkald, kan sende en måling af det; du var ikke med i dette opkald.',
      );
    }
    expect(await sides(callId)).toEqual([]);
  });

  it('answers 404 for a call that does not exist in the municipality (after waiting for a late call record)', async () => {
    const reply = await (await as(t, staff(ids.nurse))).post(
      '/api/calls/quality',
      report(randomUUID(), 'caller'),
    );
    expect(reply.status).toBe(404);
  });

  it('takes a report that arrives just before the call record is written', async () => {
    const callId = randomUUID();
    const client = await as(t, staff(ids.nurse));
    const pending = client.post('/api/calls/quality', report(callId, 'caller'));
    await new Promise((r) => setTimeout(r, 100));
    const at = new Date();
    await recordCall(t.cloud.db.db, {
      callId,
      municipalityId,
      callerKind: 'staff',
      callerId: ids.nurse,
      calleeKind: 'citizen',
      calleeId: ids.citizen,
      ringAt: at,
      answerAt: at,
      connectedAt: at,
      endAt: at,
      endReason: 'hung_up',
    });
    expect((await pending).status).toBe(204);
    expect(await sides(callId)).toEqual(['caller']);
  });
});

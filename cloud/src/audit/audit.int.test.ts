import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { appendAudit, auditLogTable } from '../db/index.js';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

async function municipalityWithLog() {
  const m = await createMunicipality(t);
  const as = async (role: 'support' | 'vendor_support' | 'staff' | 'unit_manager') => {
    const s = await createStaff(t, m.id, role);
    return (await sessionFor(t, { kind: 'staff', id: s.id, municipalityId: m.id })).headers;
  };
  const nurse = await createStaff(t, m.id, 'staff');
  const db = t.cloud.db.db;
  await appendAudit(db, {
    municipalityId: m.id,
    actorKind: 'staff',
    actorId: nurse.id,
    action: 'auth.login_succeeded',
    targetKind: 'staff',
    targetId: nurse.id,
    ip: '10.0.0.7',
  });
  await appendAudit(db, {
    municipalityId: m.id,
    actorKind: 'device',
    actorId: crypto.randomUUID(),
    action: 'device.enrolled',
    targetKind: 'device',
    targetId: crypto.randomUUID(),
    ip: '10.0.0.8',
  });
  await appendAudit(db, {
    municipalityId: m.id,
    actorKind: 'system',
    action: '=HYPERLINK("x")',
    targetKind: 'staff',
  });
  return { m, as, nurse };
}

const get = (path: string, headers: Record<string, string>) => fetch(`${t.base}${path}`, { headers });

describe('the audit log', () => {
  it('shows support its own municipality, newest first, in pages', async () => {
    const { as, m } = await municipalityWithLog();
    const support = await as('support');
    const first = (await (await get('/api/audit?limit=2', support)).json()) as {
      entries: { id: number; action: string }[];
      nextBefore: number;
    };
    expect(first.entries).toHaveLength(2);
    expect(first.entries[0]!.id).toBeGreaterThan(first.entries[1]!.id);
    const second = (await (await get(`/api/audit?limit=2&before=${first.nextBefore}`, support)).json()) as {
      entries: { action: string }[];
    };
    expect(second.entries.map((e) => e.action)).toContain('auth.login_succeeded');
    const other = await municipalityWithLog();
    const foreign = (await (await get('/api/audit?limit=500', await other.as('support'))).json()) as {
      entries: { id: number }[];
    };
    const mine = await t.cloud.db.db.select().from(auditLogTable);
    const myIds = new Set(mine.filter((r) => r.municipalityId === m.id).map((r) => r.id));
    expect(foreign.entries.some((e) => myIds.has(e.id))).toBe(false);
  });

  it('shows vendor support device diagnostics only: no entries about people, no IP addresses', async () => {
    const { as, nurse } = await municipalityWithLog();
    const vendor = await as('vendor_support');
    const response = await get('/api/audit?limit=500', vendor);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { entries: { targetKind: string; ip: string | null }[] };
    expect(body.entries.length).toBeGreaterThan(0);
    expect(body.entries.every((e) => e.targetKind === 'device' && e.ip === null)).toBe(true);
    expect(JSON.stringify(body)).not.toContain(nurse.id);
    expect((await get('/api/audit/export', vendor)).status).toBe(403);
  });

  it('refuses staff and unit managers', async () => {
    const { as } = await municipalityWithLog();
    expect((await get('/api/audit', await as('staff'))).status).toBe(403);
    expect((await get('/api/audit', await as('unit_manager'))).status).toBe(403);
    expect((await get('/api/audit', {})).status).toBe(401);
  });

  it('exports CSV (formula cells defused) and JSON, and audits each export', async () => {
    const { as, m } = await municipalityWithLog();
    const support = await as('support');
    const csv = await get('/api/audit/export?format=csv', support);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('id,at,actorKind,actorId,action,targetKind,targetId,ip,details');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const json = (await (await get('/api/audit/export?format=json', support)).json()) as { action: string }[];
    expect(json.some((e) => e.action === 'data.exported')).toBe(true);
    const exports = (await t.cloud.db.db.select().from(auditLogTable)).filter(
      (r) => r.municipalityId === m.id && r.action === 'data.exported',
    );
    expect(exports).toHaveLength(2);
  });
});

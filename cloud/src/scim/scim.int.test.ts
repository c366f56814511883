import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { createUnit } from '../../test/kits/care.js';
import { openWs } from '../../test/kits/ws.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, dutyPeriodsTable, staffTable, unitMembershipsTable } from '../db/index.js';

let t: TestCloud;
let token: string;
let municipalityId: string;
beforeAll(async () => {
  t = await startTestCloud();
  const m = await createMunicipality(t);
  municipalityId = m.id;
  const support = await createStaff(t, m.id, 'support');
  const { headers } = await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: m.id });
  const created = await fetch(`${t.base}/api/scim/tokens`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ label: 'entra-test' }),
  });
  expect(created.status).toBe(201);
  token = ((await created.json()) as { token: string }).token;
});
afterAll(async () => {
  await t?.close();
});

const scim = async (method: string, path: string, body?: unknown, bearer = token) => {
  const response = await fetch(`${t.base}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
};

/** The body Entra ID's provisioning service sends to create a user. */
const entraUser = (userName: string) => ({
  schemas: [
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  ],
  externalId: crypto.randomUUID(),
  userName,
  active: true,
  displayName: 'Karin Hansen',
  emails: [{ primary: true, type: 'work', value: `${userName}` }],
  meta: { resourceType: 'User' },
  name: { formatted: 'Karin Hansen', familyName: 'Hansen', givenName: 'Karin' },
  roles: [],
});

describe('SCIM 2.0 provisioning as Entra ID does it', () => {
  it('refuses requests without a valid bearer token with an RFC 7644 error', async () => {
    const response = await scim('GET', '/Users', undefined, 'svscim_nope');
    expect(response.status).toBe(401);
    expect(response.type).toContain('application/scim+json');
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '401',
    });
  });

  it('creates a user, finds it by userName filter, and refuses a duplicate with uniqueness', async () => {
    const created = await scim('POST', '/Users', entraUser('karin@kk.dk'));
    expect(created.status).toBe(201);
    expect(created.type).toContain('application/scim+json');
    expect(created.body).toMatchObject({
      userName: 'karin@kk.dk',
      active: true,
      displayName: 'Karin Hansen',
    });
    const id = created.body!.id as string;
    const [row] = await t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, id));
    expect(row).toMatchObject({ municipalityId, role: 'staff' });

    const found = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "karin@kk.dk"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    const none = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@kk.dk"')}`);
    expect(none.body).toMatchObject({ totalResults: 0 });

    const again = await scim('POST', '/Users', entraUser('karin@kk.dk'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ scimType: 'uniqueness' });
  });

  it('PATCH active "False" (Entra sends a string) disables the user and closes the socket within 1 s', async () => {
    const created = await scim('POST', '/Users', entraUser('ole@kk.dk'));
    const id = created.body!.id as string;
    const session = await sessionFor(t, { kind: 'staff', id, municipalityId });
    const socket = await openWs(t, { cookie: session.headers.cookie!, origin: t.base });
    const started = Date.now();
    const patched = await scim('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false });
    const closed = await socket.closed;
    expect(closed.at - started).toBeLessThan(1_000);
    const next = await fetch(`${t.base}/api/auth/logout-everywhere`, {
      method: 'POST',
      headers: session.headers,
    });
    expect(next.status).toBe(401);
    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.targetId, id), eq(auditLogTable.action, 'staff.disabled')));
    expect(audit[0]).toMatchObject({ actorKind: 'scim' });
  });

  it('reactivates a night-watch member off duty: the duty her deactivation left open ends when she was closed', async () => {
    const id = (await scim('POST', '/Users', entraUser('nat@kk.dk'))).body!.id as string;
    const pool = await createUnit(t, municipalityId, 'night_watch_pool', 'Nattevagten SCIM');
    const db = t.cloud.db.db;
    await db.insert(dutyPeriodsTable).values({ poolUnitId: pool.id, staffId: id, startedAt: new Date() });
    const active = (value: string) =>
      scim('PATCH', `/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: 'active', value }],
      });
    expect((await active('False')).status).toBe(200);
    const [closed] = await db.select().from(staffTable).where(eq(staffTable.id, id));
    expect((await active('True')).body).toMatchObject({ active: true });
    const periods = await db.select().from(dutyPeriodsTable).where(eq(dutyPeriodsTable.staffId, id));
    expect(periods.map((p) => p.endedAt?.getTime())).toEqual([closed!.disabledAt!.getTime()]);
  });

  it('DELETE disables but never deletes the staff row', async () => {
    const id = (await scim('POST', '/Users', entraUser('slet@kk.dk'))).body!.id as string;
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
    const [row] = await t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, id));
    expect(row?.disabledAt).not.toBeNull();
  });

  it('PUT replaces userName and display name', async () => {
    const id = (await scim('POST', '/Users', entraUser('put@kk.dk'))).body!.id as string;
    const put = await scim('PUT', `/Users/${id}`, { ...entraUser('put2@kk.dk'), displayName: 'Ny Navn' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ userName: 'put2@kk.dk', displayName: 'Ny Navn' });
  });

  it('creates a group (unit) and adds and removes members with Entra-shaped PATCH', async () => {
    const a = (await scim('POST', '/Users', entraUser('a@kk.dk'))).body!.id as string;
    const b = (await scim('POST', '/Users', entraUser('b@kk.dk'))).body!.id as string;
    const group = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      externalId: crypto.randomUUID(),
      displayName: 'Hjemmepleje Nord',
      members: [],
    });
    expect(group.status).toBe(201);
    const gid = group.body!.id as string;
    const add = await scim('PATCH', `/Groups/${gid}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: a },
            { $ref: null, value: b },
          ],
        },
      ],
    });
    expect(add.status).toBeLessThan(300);
    const members = async () =>
      (await t.cloud.db.db.select().from(unitMembershipsTable).where(eq(unitMembershipsTable.unitId, gid)))
        .map((r) => r.staffId)
        .sort();
    expect(await members()).toEqual([a, b].sort());
    const remove = await scim('PATCH', `/Groups/${gid}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: a }] }],
    });
    expect(remove.status).toBeLessThan(300);
    expect(await members()).toEqual([b]);
    const audit = await t.cloud.db.db.select().from(auditLogTable).where(eq(auditLogTable.targetId, gid));
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['unit.created', 'unit.member_added', 'unit.member_removed']),
    );
  });

  it('keeps each token inside its municipality', async () => {
    const other = await createMunicipality(t);
    const stranger = await createStaff(t, other.id, 'staff');
    expect((await scim('GET', `/Users/${stranger.id}`)).status).toBe(404);
    expect(
      (
        await scim('PATCH', `/Users/${stranger.id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'active', value: false }],
        })
      ).status,
    ).toBe(404);
    const list = await scim('GET', '/Users');
    expect(JSON.stringify(list.body)).not.toContain(stranger.id);
  });

  it('answers malformed bodies with a SCIM 400, not a 500', async () => {
    const response = await fetch(`${t.base}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: '{"userName":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ scimType: 'invalidSyntax' });
  });

  it('answers a filter it cannot parse with a SCIM 400 invalidFilter, not a 500', async () => {
    for (const filter of ['0', 'userName eq', '(((', 'userName zz "x"']) {
      const response = await fetch(`${t.base}/scim/v2/Users?filter=${encodeURIComponent(filter)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status, filter).toBeLessThan(500);
      if (response.status === 400) expect(await response.json()).toMatchObject({ scimType: 'invalidFilter' });
    }
    const zero = await fetch(`${t.base}/scim/v2/Users?filter=0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(zero.status).toBe(400);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createStaff } from '../../test/fixtures.js';
import { type Desk, supportDesk } from '../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { alertTokensTable, auditLogTable } from '../db/index.js';

/** Issue 12 §3: an on-call system reads the alerts with a read-only token, without a browser session. */
describe('alert tokens for an on-call system', () => {
  let t: TestCloud;
  let desk: Desk;
  let otherDesk: Desk;
  const bearer = (token: string, path = '/api/alerts', headers: Record<string, string> = {}) =>
    fetch(`${t.base}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  beforeAll(async () => {
    t = await startTestCloud();
    desk = await supportDesk(t);
    otherDesk = await supportDesk(t);
    // An account nobody has used for 200 days: an "inactive account" alert in desk's municipality only.
    await createStaff(t, desk.municipality.id, 'staff', {
      displayName: 'Inge Inaktiv',
      createdAt: new Date(Date.now() - 200 * 86_400_000),
    });
    // A citizen nobody has seen for 200 days: her alert reaches the on-call system without her name.
    await createCitizen(t, desk.municipality.id, {
      displayName: 'Borghild Glemt',
      createdAt: new Date(Date.now() - 200 * 86_400_000),
    });
  });
  afterAll(() => t.close());

  it('reads its own municipality’s alerts with the token alone, and nobody else’s', async () => {
    const created = await desk.call('POST', '/api/alerts/tokens', { label: 'opsgenie' });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect(token).toMatch(/^svalert_/);

    const res = await bearer(token);
    expect(res.status).toBe(200);
    const { alerts } = (await res.json()) as { alerts: { kind: string; subject: { name: string } }[] };
    expect(alerts).toContainEqual(
      expect.objectContaining({
        kind: 'inactive_account',
        subject: expect.objectContaining({ name: 'Inge Inaktiv' }),
      }),
    );

    const theirs = (await (
      await otherDesk.call('POST', '/api/alerts/tokens', { label: 'pager' })
    ).json()) as {
      token: string;
    };
    const other = (await (await bearer(theirs.token)).json()) as { alerts: { subject: { name: string } }[] };
    expect(other.alerts.map((a) => a.subject.name)).not.toContain('Inge Inaktiv');

    // Only the hash is stored, and the creation is audited.
    const [row] = await t.cloud.db.db.select().from(alertTokensTable).where(eq(alertTokensTable.id, id));
    expect(row?.tokenHash).not.toContain(token.slice(8));
    expect(row?.lastUsedAt).not.toBeNull();
    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.targetId, id), eq(auditLogTable.action, 'alerts.token_created')));
    expect(audit).toHaveLength(1);
  });

  it('names an idle citizen to the on-call system by her ref only, and by name to support', async () => {
    const { token } = (await (
      await desk.call('POST', '/api/alerts/tokens', { label: 'pager-ref' })
    ).json()) as {
      token: string;
    };
    type Seen = { kind: string; subject: { kind: string; name: string; ref?: string }; summary: string };
    const viaToken = ((await (await bearer(token)).json()) as { alerts: Seen[] }).alerts;
    const idle = viaToken.find((a) => a.kind === 'inactive_account' && a.subject.kind === 'citizen');
    expect(idle?.subject.ref).toMatch(/^[A-Z0-9]{4,}$/);
    // GDPR data minimisation: a pager line names no citizen (docs/guides/da/support.md, 7a).
    expect(JSON.stringify(viaToken)).not.toContain('Borghild');
    expect(idle?.subject.name).toBe(`Ref. ${idle?.subject.ref}`);
    expect(idle?.summary).toMatch(
      new RegExp(`^Citizen Ref\\. ${idle?.subject.ref} was created 200 days ago`),
    );

    const inConsole = ((await (await desk.call('GET', '/api/alerts')).json()) as { alerts: Seen[] }).alerts;
    expect(inConsole).toContainEqual(
      expect.objectContaining({
        subject: expect.objectContaining({ name: 'Borghild Glemt', ref: idle?.subject.ref }),
      }),
    );
    // Staff are named to the pager as before: their idle accounts are the municipality's own business.
    expect(viaToken.map((a) => a.subject.name)).toContain('Inge Inaktiv');
  });

  it('opens nothing but the alerts: other routes and writes answer as if nobody called', async () => {
    const { token } = (await (await desk.call('POST', '/api/alerts/tokens', { label: 'ro' })).json()) as {
      token: string;
    };
    for (const path of ['/api/devices', '/api/alerts/tokens', '/api/people/citizens?q=a']) {
      expect((await bearer(token, path)).status, path).toBe(401);
    }
    const write = await fetch(`${t.base}/api/alerts/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: t.base },
      body: JSON.stringify({ label: 'x' }),
    });
    expect(write.status).toBe(401);
  });

  it('stops working the moment it is revoked, which is audited; a made-up token is refused in Danish', async () => {
    const { id, token } = (await (
      await desk.call('POST', '/api/alerts/tokens', { label: 'revoke-me' })
    ).json()) as {
      id: string;
      token: string;
    };
    expect((await bearer(token)).status).toBe(200);
    expect((await otherDesk.call('POST', `/api/alerts/tokens/${id}/revoke`)).status).toBe(404);
    expect((await desk.call('POST', `/api/alerts/tokens/${id}/revoke`)).status).toBe(204);
    const refused = await bearer(token, '/api/alerts', { 'accept-language': 'da' });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { detail: string }).detail).toBe(
      'Alarmnøglen er ikke gyldig eller er blevet tilbagekaldt.',
    );
    expect((await bearer('svalert_madeup')).status).toBe(401);
    const listed = (await (await desk.call('GET', '/api/alerts/tokens')).json()) as {
      tokens: { id: string; label: string; revokedAt: string | null; token?: string }[];
    };
    const mine = listed.tokens.find((x) => x.id === id);
    expect(mine).toMatchObject({ label: 'revoke-me' });
    expect(mine?.revokedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain('svalert_');
    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.targetId, id), eq(auditLogTable.action, 'alerts.token_revoked')));
    expect(audit).toHaveLength(1);
  });
});

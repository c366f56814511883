import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createStaff, sessionFor } from '../../test/fixtures.js';
import { type Desk, newCitizen, supportDesk } from '../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, citizenActivationCodesTable } from '../db/index.js';

describe('citizens: minimum data, support only, one municipality', () => {
  let t: TestCloud;
  let desk: Desk;
  let otherDesk: Desk;

  beforeAll(async () => {
    t = await startTestCloud();
    desk = await supportDesk(t);
    otherDesk = await supportDesk(t);
  });
  afterAll(() => t.close());

  it('lets support create a citizen with a display name, initials and a photo reference, and returns only those', async () => {
    const res = await desk.call('POST', '/api/citizens', {
      displayName: 'Karen Jensen',
      initials: 'KJ',
      photoRef: 'photos/kj.jpg',
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(created).sort()).toEqual(['displayName', 'id', 'initials', 'photoRef']);
    const read = await desk.call('GET', `/api/citizens/${created.id as string}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(created);
    const [audit] = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.targetId, created.id as string));
    expect(audit).toMatchObject({ action: 'citizen.created', actorId: desk.support.id, details: {} });
  });

  it('refuses a CPR number, health information or any other extra field with 400 (strict schema)', async () => {
    for (const extra of [{ cpr: '010203-1234' }, { cprNumber: '0102031234' }, { diagnosis: 'dementia' }]) {
      const res = await desk.call('POST', '/api/citizens', { displayName: 'Ole Hansen', ...extra });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { message: string }[] };
      expect(JSON.stringify(problem)).not.toContain('010203');
    }
  });

  it('requires a display name of 1 to 80 characters', async () => {
    expect((await desk.call('POST', '/api/citizens', {})).status).toBe(400);
    expect((await desk.call('POST', '/api/citizens', { displayName: '   ' })).status).toBe(400);
    expect((await desk.call('POST', '/api/citizens', { displayName: 'x'.repeat(81) })).status).toBe(400);
    expect((await desk.call('POST', '/api/citizens', { displayName: 'x'.repeat(80) })).status).toBe(201);
  });

  it("hides another municipality's citizen from support (404) and refuses to issue codes for them", async () => {
    const theirs = await newCitizen(otherDesk);
    expect((await desk.call('GET', `/api/citizens/${theirs}`)).status).toBe(404);
    const issue = await desk.call('POST', `/api/citizens/${theirs}/activation-codes`, { channel: 'letter' });
    expect(issue.status).toBe(404);
    expect((await desk.call('GET', `/api/citizens/${theirs}/credentials`)).status).toBe(404);
    expect((await desk.call('PUT', `/api/citizens/${theirs}/security`, { level: 'two_factor' })).status).toBe(
      404,
    );
    const codes = await t.cloud.db.db
      .select()
      .from(citizenActivationCodesTable)
      .where(eq(citizenActivationCodesTable.citizenId, theirs));
    expect(codes).toEqual([]);
  });

  it('refuses e-mail and any channel outside letter, SMS and Digital Post', async () => {
    const id = await newCitizen(desk);
    for (const body of [
      { channel: 'email', email: 'karen@example.dk' },
      { channel: 'e-mail' },
      { channel: 'EMAIL' },
      { channel: 'sms', phone: '+4512345678', email: 'karen@example.dk' },
      { channel: 'letter', phone: '+4512345678' },
      { channel: 'sms' },
      // Not a Danish mobile (8 digits with or without +45 are one: kernel/danish-mobile.ts).
      { channel: 'sms', phone: '1234567' },
      { channel: 'sms', phone: '+4612345678' },
      { channel: 'digital_post' },
    ]) {
      const res = await desk.call('POST', `/api/citizens/${id}/activation-codes`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('lets only support use the support routes: not a citizen, not staff, not vendor support', async () => {
    const citizen = await createCitizen(t, desk.municipality.id);
    const id = citizen.id;
    const subjects = [
      { kind: 'citizen' as const, id },
      ...(await Promise.all(
        (['staff', 'unit_manager', 'vendor_support'] as const).map(async (role) => ({
          kind: 'staff' as const,
          id: (await createStaff(t, desk.municipality.id, role)).id,
        })),
      )),
    ];
    for (const subject of subjects) {
      const { headers } = await sessionFor(t, { ...subject, municipalityId: desk.municipality.id });
      const calls: [string, string, unknown?][] = [
        ['POST', '/api/citizens', { displayName: 'X' }],
        ['GET', `/api/citizens/${id}`],
        ['POST', `/api/citizens/${id}/activation-codes`, { channel: 'letter' }],
        ['PUT', `/api/citizens/${id}/security`, { level: 'device_bound' }],
        ['GET', `/api/citizens/${id}/credentials`],
        ['DELETE', `/api/citizens/${id}/credentials/${id}`],
        ['GET', '/api/activation-outbox'],
      ];
      for (const [method, path, body] of calls) {
        const res = await fetch(`${t.base}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        expect(res.status, `${subject.kind} ${method} ${path}`).toBe(403);
      }
    }
    // And nobody at all without a session.
    expect((await fetch(`${t.base}/api/citizens/${id}`)).status).toBe(401);
  });
});

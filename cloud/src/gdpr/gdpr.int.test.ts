import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  accessReviewLinesTable,
  accessReviewsTable,
  auditLogTable,
  callQualityReportsTable,
  callRecordsTable,
  citizenCredentialsTable,
  citizenEnrolmentsTable,
  dayPlanSlotsTable,
  pushSubscriptionsTable,
  registerDevice,
  serviceCaseEventsTable,
  serviceCasesTable,
  unitsTable,
} from '../db/index.js';
import { rowsOf } from './citizen-links.js';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

/** Every row of every text/json/jsonb column of every table, searched for `needle`: [table.column, count][]. */
async function findEverywhere(needle: string): Promise<string[]> {
  const columns = rowsOf<{ table_name: string; column_name: string }>(
    await t.cloud.db.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`),
  );
  const hits: string[] = [];
  for (const { table_name, column_name } of columns) {
    const [row] = rowsOf<{ n: number | string }>(
      await t.cloud.db.db.execute(
        sql`select count(*) as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ilike ${`%${needle}%`}`,
      ),
    );
    if (Number(row?.n) > 0) hits.push(`${table_name}.${column_name}`);
  }
  return hits;
}

async function setting() {
  const m = await createMunicipality(t);
  const support = await createStaff(t, m.id, 'support');
  const headers = (await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: m.id })).headers;
  const name = `Ingrid Testesen ${crypto.randomUUID().slice(0, 6)}`;
  const photoRef = `photos/${crypto.randomUUID()}.jpg`;
  const citizen = await createCitizen(t, m.id, { displayName: name, initials: 'IT', photoRef });
  const [unit] = await t.cloud.db.db
    .insert(unitsTable)
    .values({ municipalityId: m.id, kind: 'home_care_team', name: 'Team Øst' })
    .returning();
  const [enrolment] = await t.cloud.db.db
    .insert(citizenEnrolmentsTable)
    .values({ citizenId: citizen.id, unitId: unit!.id })
    .returning();
  const device = await registerDevice(t.cloud.db.db, { municipalityId: m.id, label: `KBH-${Date.now()}` });
  await t.cloud.db.db.execute(
    sql`update devices set citizen_id = ${citizen.id}, lifecycle = 'lent' where id = ${device.id}`,
  );
  const citizenSession = await sessionFor(t, { kind: 'citizen', id: citizen.id, municipalityId: m.id });
  return {
    m,
    support,
    headers,
    name,
    photoRef,
    citizen,
    device,
    citizenSession,
    unit: unit!,
    enrolment: enrolment!,
  };
}

/** The records issue 13 and 15 added: a visit with a connected call and its quality report, a push subscription, a service case, an access-review line. */
async function newRecords(s: Awaited<ReturnType<typeof setting>>) {
  const db = t.cloud.db.db;
  const at = new Date();
  const [slot] = await db
    .insert(dayPlanSlotsTable)
    .values({
      municipalityId: s.m.id,
      citizenId: s.citizen.id,
      unitId: s.unit.id,
      type: 'medicine',
      plannedAt: at,
      createdAt: at,
    })
    .returning();
  const callId = crypto.randomUUID();
  await db.insert(callRecordsTable).values({
    callId,
    municipalityId: s.m.id,
    callerKind: 'staff',
    callerId: s.support.id,
    calleeKind: 'citizen',
    calleeId: s.citizen.id,
    slotId: slot!.id,
    ringAt: at,
    answerAt: at,
    connectedAt: at,
    endAt: new Date(at.getTime() + 60_000),
    endReason: 'hung_up',
  });
  await db.insert(callQualityReportsTable).values({
    municipalityId: s.m.id,
    callId,
    side: 'caller',
    report: { bitrateKbps: 800 },
    createdAt: at,
  });
  const [credential] = await db
    .insert(citizenCredentialsTable)
    .values({
      citizenId: s.citizen.id,
      municipalityId: s.m.id,
      tokenHash: crypto.randomUUID(),
      label: 'Telefon',
      createdAt: at,
      lastUsedAt: at,
    })
    .returning();
  await db.insert(pushSubscriptionsTable).values({
    credentialId: credential!.id,
    endpoint: `https://push.example/${crypto.randomUUID()}`,
    p256dh: 'k',
    auth: 'a',
    createdAt: at,
  });
  const [sc] = await db
    .insert(serviceCasesTable)
    .values({
      municipalityId: s.m.id,
      citizenId: s.citizen.id,
      stage: 'referred',
      referredBy: 'Visitator',
      referredAt: at,
      updatedAt: at,
    })
    .returning();
  await db
    .insert(serviceCaseEventsTable)
    .values({ caseId: sc!.id, transition: 'refer', toStage: 'referred', at });
  const [review] = await db
    .insert(accessReviewsTable)
    .values({ municipalityId: s.m.id, unitId: s.unit.id, openedAt: at, deadline: at })
    .returning();
  await db
    .insert(accessReviewLinesTable)
    .values({ reviewId: review!.id, kind: 'relation', subjectId: s.enrolment.id });
  return { callId, slotId: slot!.id, caseId: sc!.id };
}

describe('GDPR', () => {
  it('exports and erases the newer records too: call records with connected_at, quality reports, push subscriptions, the service case and access-review lines', async () => {
    const s = await setting();
    const r = await newRecords(s);
    const body = (await (
      await fetch(`${t.base}/api/citizens/${s.citizen.id}/export`, { headers: s.headers })
    ).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      callRecords: [{ callId: r.callId, slotId: r.slotId }],
      callQualityReports: [{ callId: r.callId, side: 'caller' }],
      pushSubscriptions: [{}],
      serviceCaseEvents: [{ caseId: r.caseId, transition: 'refer' }],
      accessReviewLines: [{ enrolmentId: s.enrolment.id, decision: null }],
    });
    expect((body.callRecords as { connectedAt: string | null }[])[0]!.connectedAt).not.toBeNull();
    expect(JSON.stringify(body.pushSubscriptions)).not.toMatch(/p256dh|"auth"/);
    expect(Object.keys(body.credentials as object)).toEqual(
      expect.arrayContaining(['day_plan_slots', 'service_cases']),
    );

    // A citizen with planned visits whose calls were recorded: erasure must not trip over call_records.slot_id.
    const erased = await fetch(`${t.base}/api/citizens/${s.citizen.id}`, {
      method: 'DELETE',
      headers: s.headers,
    });
    expect(erased.status).toBe(200);
    expect(((await erased.json()) as { rowsDeleted: Record<string, number> }).rowsDeleted).toMatchObject({
      call_records: 1,
      call_quality_reports: 1,
      day_plan_slots: 1,
      service_cases: 1,
      citizen_credentials: 1,
    });
    const db = t.cloud.db.db;
    expect(await db.select().from(callRecordsTable).where(eq(callRecordsTable.callId, r.callId))).toEqual([]);
    expect(
      await db.select().from(serviceCaseEventsTable).where(eq(serviceCaseEventsTable.caseId, r.caseId)),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(pushSubscriptionsTable)
        .innerJoin(
          citizenCredentialsTable,
          eq(citizenCredentialsTable.id, pushSubscriptionsTable.credentialId),
        )
        .where(eq(citizenCredentialsTable.citizenId, s.citizen.id)),
    ).toEqual([]);
  });

  it('exports everything about a citizen as JSON and audits the export', async () => {
    const s = await setting();
    const response = await fetch(`${t.base}/api/citizens/${s.citizen.id}/export`, { headers: s.headers });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      profile: { id: s.citizen.id, displayName: s.name, initials: 'IT' },
      enrolments: [{ unitName: 'Team Øst' }],
      devices: [{ id: s.device.id }],
      sessions: [{ id: s.citizenSession.sessionId }],
    });
    expect(JSON.stringify(body)).not.toMatch(/token_hash|tokenHash/);
    const audit = await t.cloud.db.db.select().from(auditLogTable);
    expect(audit.some((a) => a.action === 'data.exported' && a.targetId === s.citizen.id)).toBe(true);
  });

  it('erases a citizen: the name is nowhere in the database, devices unlinked, a tombstone is kept', async () => {
    const s = await setting();
    expect(await findEverywhere(s.name)).not.toEqual([]);
    const response = await fetch(`${t.base}/api/citizens/${s.citizen.id}`, {
      method: 'DELETE',
      headers: s.headers,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ devicesUnlinked: 1 });
    expect(await findEverywhere(s.name)).toEqual([]);
    expect(await findEverywhere(s.photoRef)).toEqual([]);
    const [device] = rowsOf<{ citizen_id: string | null }>(
      await t.cloud.db.db.execute(sql`select citizen_id from devices where id = ${s.device.id}`),
    );
    expect(device?.citizen_id).toBeNull();
    const tombstone = (await t.cloud.db.db.select().from(auditLogTable)).find(
      (a) => a.action === 'citizen.erased' && a.targetId === s.citizen.id,
    );
    expect(tombstone?.details).toMatchObject({ tombstone: true });
    const old = await fetch(`${t.base}/api/auth/logout-everywhere`, {
      method: 'POST',
      headers: s.citizenSession.headers,
    });
    expect(old.status).toBe(401);
  });

  it('the audit log itself refuses UPDATE and DELETE', async () => {
    await expect(t.cloud.db.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(t.cloud.db.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
  });

  it('refuses another municipality’s support on export and erase', async () => {
    const a = await setting();
    const b = await setting();
    expect(
      (await fetch(`${t.base}/api/citizens/${a.citizen.id}/export`, { headers: b.headers })).status,
    ).toBe(404);
    const erase = await fetch(`${t.base}/api/citizens/${a.citizen.id}`, {
      method: 'DELETE',
      headers: b.headers,
    });
    expect(erase.status).toBe(404);
    expect(await findEverywhere(a.name)).not.toEqual([]);
  });
});

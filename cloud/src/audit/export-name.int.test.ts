import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { fakeClock } from '../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';

// Saturday 5 December 2026, 00:30 in Copenhagen: still Friday 23:30 in UTC.
const clock = fakeClock(Date.parse('2026-12-04T23:30:00Z'));
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({}, { clock });
});
afterAll(async () => {
  await t?.close();
});

describe('the audit export', () => {
  it('is named after the municipality’s date, also in the hour after midnight', async () => {
    const m = await createMunicipality(t);
    expect(m.timeZone).toBe('Europe/Copenhagen');
    const support = await createStaff(t, m.id, 'support');
    const { headers } = await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: m.id });
    const reply = await fetch(`${t.base}/api/audit/export?format=csv`, { headers });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename="audit-2026-12-05.csv"');
  });
});

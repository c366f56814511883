import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { registerDevice } from '../../db/index.js';

/**
 * GET /api/status is shown to a municipality's staff as "Systemets tilstand": it must say their own kiosks, never
 * another municipality's; an anonymous caller through the proxy learns only that the service is up.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

async function municipalityWith(kiosks: number) {
  const m = await createMunicipality(t);
  for (let i = 0; i < kiosks; i++)
    await registerDevice(t.cloud.db.db, { municipalityId: m.id, label: `K-${i}` });
  const support = await createStaff(t, m.id, 'support');
  return {
    m,
    headers: (await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: m.id })).headers,
  };
}

const status = async (headers: Record<string, string> = {}) => {
  const answer = await fetch(`${t.base}/api/status`, { headers });
  expect(answer.status).toBe(200);
  return answer.json();
};

describe('the service status', () => {
  it('shows logged-in staff their own municipality’s kiosks and the version, never another’s', async () => {
    const a = await municipalityWith(2);
    const b = await municipalityWith(3);
    expect(await status(a.headers)).toEqual({
      status: 'up',
      scope: 'municipality',
      version: expect.any(String),
      devices: { total: 2, online: 0 },
    });
    expect((await status(b.headers)).devices).toEqual({ total: 3, online: 0 });
  });

  it('tells an anonymous caller through the proxy only that it is up', async () => {
    await municipalityWith(1);
    expect(await status({ 'x-forwarded-for': '198.51.100.7' })).toEqual({ status: 'up', scope: 'public' });
  });

  it('gives the host itself (npm start, an operator on the host) the installation’s counts', async () => {
    await municipalityWith(1);
    const own = await status();
    expect(own.scope).toBe('installation');
    expect(own.devices.total).toBeGreaterThanOrEqual(1);
  });
});

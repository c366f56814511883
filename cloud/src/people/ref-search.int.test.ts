import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createStaff } from '../../test/fixtures.js';
import { as, careWorld } from '../../test/kits/care.js';
import { supportApi } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { citizenRef } from '../db/index.js';

describe('finding a citizen by the ref that tells namesakes apart', () => {
  let t: TestCloud;
  let w: Awaited<ReturnType<typeof careWorld>>;

  beforeAll(async () => {
    t = await startTestCloud();
    w = await careWorld(t);
  });
  afterAll(() => t.close());

  it('the people search finds the one namesake whose ref was typed, as shown or in lower case', async () => {
    const first = await createCitizen(t, w.municipality.id, { displayName: 'Aase Pedersen' });
    await createCitizen(t, w.municipality.id, { displayName: 'Aase Pedersen' });
    const support = await as(t, w.support.subject);
    const ref = citizenRef(first.id);
    for (const q of [ref, ref.toLowerCase(), `Ref. ${ref}`]) {
      const response = await support.get(`/api/people/citizens?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      const hits = response.json;
      expect(hits.map((h: { id: string }) => h.id)).toEqual([first.id]);
    }
  });

  it('the lend dialog’s citizen search finds her by ref too', async () => {
    const first = await createCitizen(t, w.municipality.id, { displayName: 'Bodil Lund' });
    await createCitizen(t, w.municipality.id, { displayName: 'Bodil Lund' });
    const support = await createStaff(t, w.municipality.id, 'support');
    const api = await supportApi(t, { id: support.id, municipalityId: w.municipality.id });
    const found = await api('GET', `/api/devices/citizens?q=${citizenRef(first.id)}`);
    expect(found.status).toBe(200);
    expect((found.body as { citizens: { id: string }[] }).citizens.map((c) => c.id)).toEqual([first.id]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Subject } from '../../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { seedDemo, unitMembershipsTable } from '../../db/index.js';
import { seedCareDemo } from '../seed-care.js';

/**
 * What the session tells the start page about the night watch (GET /api/auth/session `nightWatch`), by the rules
 * its pages go by: /watch/ shows the pools a person leads (readWatch), /nightwatch/ a console in the pools she is
 * a member of. mette.larsen (unit manager of a home-care team, no pool) was offered "Tilsyn med nattevagten" and
 * then read "Du leder ingen nattevagt".
 */
let t: TestCloud;
let who: (username: string) => Subject;
let poolUnitId: string;

beforeAll(async () => {
  t = await startTestCloud();
  const now = new Date();
  const demo = (await seedDemo(t.cloud.db.db, { now, password: 'Demo-Kodeord-Langt-2026' }))!;
  poolUnitId = (await seedCareDemo(t.cloud.db.db, demo.municipalityId, now))!.poolUnitId;
  who = (username) => ({
    kind: 'staff',
    id: demo.staff.find((s) => s.username === username)!.id,
    municipalityId: demo.municipalityId,
  });
}, 120_000);
afterAll(() => t?.close());

const places = async (username: string) =>
  (await (await as(t, who(username))).get('/api/auth/session')).json.nightWatch;
const watches = async (username: string) =>
  (await (await as(t, who(username))).get(`/api/night-watch/pools/${poolUnitId}/watch`)).status;

describe('the night watch a session offers', () => {
  it('offers a unit manager who leads no pool neither the watch nor a console, and /watch/ refuses her the pool', async () => {
    expect(await places('mette.larsen')).toEqual({ console: false, watch: false });
    expect(await watches('mette.larsen')).toBe(403);
  });

  it('offers support the watch over every pool, and a pool member her console but not the watch', async () => {
    expect(await places('sofie.berg')).toEqual({ console: false, watch: true });
    expect(await watches('sofie.berg')).toBe(200);
    expect(await places('lars.poulsen')).toEqual({ console: true, watch: false });
    expect(await places('jonas.nielsen')).toEqual({ console: false, watch: false });
  });

  it('offers the watch to a unit manager once she leads the pool, and /watch/ then shows it to her', async () => {
    await t.cloud.db.db
      .insert(unitMembershipsTable)
      .values({ staffId: who('mette.larsen').id, unitId: poolUnitId });
    expect(await places('mette.larsen')).toEqual({ console: true, watch: true });
    expect(await watches('mette.larsen')).toBe(200);
  });

  it('names nothing about the night watch to a session that is not logged in', async () => {
    const reply = await fetch(`${t.base}/api/auth/session`);
    expect(await reply.json()).toEqual({ authenticated: false });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createUnit, type Subject } from '../../../test/kits/care.js';
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
let municipalityId: string;

beforeAll(async () => {
  t = await startTestCloud();
  const now = new Date();
  const demo = (await seedDemo(t.cloud.db.db, { now, password: 'Demo-Kodeord-Langt-2026' }))!;
  municipalityId = demo.municipalityId;
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

/**
 * The pages' own lists (GET /api/night-watch/my-pools): /nightwatch/ and /watch/ built them in the browser from
 * /api/units (`kind` and `member`), a second copy of the rule above. Each person now gets exactly the pools the
 * cloud's rule gives, and exactly when the session offers the page.
 */
describe('the pools a person’s night-watch pages list', () => {
  const myPools = async (username: string) =>
    (await (await as(t, who(username))).get('/api/night-watch/my-pools')).json as {
      console: { id: string; name: string }[];
      watch: { id: string; name: string }[];
    };

  it('lists the console’s pools and the led pools by name, as the session offers them, and not a pool she is not in', async () => {
    // A second pool, which nobody of the demo works in: support may watch it, no member's console shows it.
    const other = await createUnit(t, municipalityId, 'night_watch_pool', 'Nattevagten Amager');
    const solbakken = { id: poolUnitId, name: 'Nattevagten Solbakken' };
    const amager = { id: other.id, name: 'Nattevagten Amager' };
    const expected: Record<string, Awaited<ReturnType<typeof myPools>>> = {
      'sofie.berg': { console: [], watch: [amager, solbakken] },
      'lars.poulsen': { console: [solbakken], watch: [] },
      'jonas.nielsen': { console: [], watch: [] },
      'karen.holm': { console: [], watch: [] },
      // A member of the pool since the test above, and its manager: her console's pool and the one she leads.
      'mette.larsen': { console: [solbakken], watch: [solbakken] },
    };
    for (const [username, pools] of Object.entries(expected)) {
      expect(await myPools(username), username).toEqual(pools);
      expect(await places(username), username).toEqual({
        console: pools.console.length > 0,
        watch: pools.watch.length > 0,
      });
    }
  });

  it('refuses the list to a session that is not logged in, and to a role without care work', async () => {
    expect((await fetch(`${t.base}/api/night-watch/my-pools`)).status).toBe(401);
    expect((await (await as(t, who('henrik.dahl'))).get('/api/night-watch/my-pools')).status).toBe(403);
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor } from '../../test/fixtures.js';
import { call, careWorld } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';

let t: TestCloud;
let w: Awaited<ReturnType<typeof careWorld>>;

beforeAll(async () => {
  t = await startTestCloud();
  w = await careWorld(t);
}, 60_000);
afterAll(() => t?.close());

type Route = readonly [method: string, path: string, nearValid: fc.Arbitrary<unknown>];

/**
 * Every care-API route that takes a body, with real ids (so the body, not a 404, is what gets tested) and a
 * generator of NEAR-valid bodies (right keys, odd values) that reach the actions, not only the schemas.
 */
function routes(): Route[] {
  const id = fc.constantFrom(w.team.id, w.pool.id, w.facility.id, w.citizen.id, w.night1.id, w.guidance.id);
  const iso = fc
    .date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString());
  const hhmm = fc.constantFrom('00:00', '02:30', '07:00', '22:00', '23:59', '24:00');
  const date = fc.constantFrom('2031-03-30', '2031-10-26', '2028-02-29', '2030-12-31');
  const csvLine = fc
    .tuple(fc.constantFrom(w.night1.username, 'nobody', ''), date, hhmm, hhmm)
    .map((cells) => cells.join(','));
  const pool = `/api/night-watch/pools/${w.pool.id}`;
  return [
    [
      'POST',
      '/api/units',
      fc.record({ kind: fc.constantFrom('facility', 'support', 'x'), name: fc.string() }),
    ],
    ['POST', `/api/units/${w.team.id}/members`, fc.record({ staffId: id })],
    ['POST', '/api/enrolments', fc.record({ citizenId: id, unitId: id, guideStaffId: fc.option(id) })],
    [
      'PUT',
      `/api/enrolments/${w.team.id}/permissions/citizen_to_staff`,
      fc.record({
        windows: fc.option(
          fc.array(fc.record({ days: fc.array(fc.integer({ min: 0, max: 8 })), from: hhmm, to: hhmm })),
        ),
      }),
    ],
    [
      'PUT',
      `/api/citizens/${w.citizen.id}/auto-answer`,
      fc.record({
        enabled: fc.boolean(),
        countdownSeconds: fc.integer({ min: 0, max: 70 }),
        quietHours: fc.option(fc.record({ from: hhmm, to: hhmm })),
      }),
    ],
    ['PUT', `/api/citizens/${w.citizen.id}/do-not-disturb`, fc.record({ until: fc.option(iso) })],
    [
      'PUT',
      `${pool}/settings`,
      fc.record({
        strategy: fc.constantFrom('ring_all', 'longest_idle'),
        fallbackPoolUnitId: fc.option(id),
        fallbackPhone: fc.option(fc.string()),
      }),
    ],
    ['PUT', `${pool}/coverage`, fc.record({ facilityUnitIds: fc.array(id, { maxLength: 3 }) })],
    ['POST', `${pool}/duty`, fc.record({ onDuty: fc.boolean() })],
    [
      'POST',
      `${pool}/roster/import`,
      fc.record({
        format: fc.constantFrom('csv', 'ical'),
        text: fc.oneof(
          fc.string(),
          fc.array(csvLine).map((l) => ['username,date,start,end', ...l].join('\n')),
        ),
        dryRun: fc.boolean(),
      }),
    ],
    [
      'POST',
      `${pool}/roster/shifts`,
      fc.oneof(
        fc.record({
          staffId: id,
          startsAt: iso,
          endsAt: iso,
          overridesShiftId: fc.option(id, { nil: undefined }),
        }),
        fc.record({ cancelShiftId: id }),
      ),
    ],
    [
      'POST',
      '/api/night-watch/console/switch',
      fc.record({
        username: fc.constantFrom(w.night2.username, w.teamStaff.username, 'x'),
        code: fc.string(),
      }),
    ],
    [
      'POST',
      '/api/day-plan/slots',
      fc.record({
        citizenId: id,
        unitId: id,
        staffId: fc.option(id),
        type: fc.constantFrom('medicine', 'training'),
        date,
        time: hhmm,
      }),
    ],
    ['PATCH', `/api/day-plan/slots/${w.team.id}`, fc.record({ date, time: hhmm })],
    [
      'POST',
      `/api/day-plan/slots/${w.team.id}/outcome`,
      fc.record({ outcome: fc.constantFrom('completed', 'cancelled'), reason: fc.string() }),
    ],
    [
      'PUT',
      '/api/care/settings',
      fc.record({ minutesSavedPerCall: fc.dictionary(fc.constantFrom('medicine', 'x'), fc.integer()) }),
    ],
    ['POST', '/api/imports?dryRun=true', fc.string()],
  ];
}

describe('random bodies on the care API', () => {
  it('never answer 5xx and never leak a stack trace', async () => {
    const sessions = await Promise.all(
      [w.support.subject, w.night1.subject, w.manager.subject, w.teamStaff.subject].map((s) =>
        sessionFor(t, s),
      ),
    );
    const cases = fc.constantFrom(...routes()).chain(([method, path, nearValid]) =>
      fc.tuple(
        fc.constant(method),
        fc.constant(path),
        fc
          .oneof(nearValid, fc.jsonValue(), fc.string({ maxLength: 300 }))
          .map((b) => (typeof b === 'string' ? b : JSON.stringify(b))),
      ),
    );
    await fc.assert(
      fc.asyncProperty(cases, fc.constantFrom(...sessions), async ([method, path, raw], session) => {
        const contentType = path.startsWith('/api/imports') ? 'text/csv' : 'application/json';
        const reply = await call(t, session.headers, method, path, raw, contentType);
        expect(reply.status, `${method} ${path} ${raw}`).toBeLessThan(500);
        expect(reply.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});

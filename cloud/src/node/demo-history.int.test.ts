import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { rowsOf } from '../db/database.js';

/**
 * The demo's ten weeks of made-up history (dashboard/seed-history.ts, service-case/seed-demo.ts) as `npm start`
 * seeds it, at the worst moment for it: 00:30 on a Monday in Copenhagen, when the last seeded week's Sunday night
 * (night-watch calls from 22:00 to 05:00) is only half over. Nothing in it may lie after the seed's now, and
 * nobody in it may act before they existed.
 */
// Monday 7 December 2026, 00:30 in Copenhagen (CET, UTC+1).
const MONDAY_0030 = Date.parse('2026-12-06T23:30:00Z');
const clock = fakeClock(MONDAY_0030);
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud({ DEMO: 'true', COOKIE_SECURE: 'false' }, { clock });
}, 120_000);
afterAll(() => t?.close());

async function rows(query: SQL): Promise<string[]> {
  return rowsOf<{ what: string }>(await t.cloud.db.db.execute(query)).map((r) => r.what);
}

describe('the demo history seeded at 00:30 on a Monday', () => {
  it('has every night-watch press, answer and call end before the moment it was seeded', async () => {
    const now = new Date(MONDAY_0030).toISOString();
    const night =
      await rows(sql`select 'night call placed ' || placed_at || ', answered ' || coalesce(accepted_at::text, '-') as what
      from night_watch_calls where placed_at > ${now} or accepted_at > ${now}`);
    const calls =
      await rows(sql`select 'call rang ' || ring_at || ', ended ' || coalesce(end_at::text, '-') as what
      from call_records where ring_at > ${now} or answer_at > ${now} or connected_at > ${now} or end_at > ${now}`);
    const logins = await rows(sql`select display_name || ' last logged in ' || last_login_at as what
      from staff where last_login_at > ${now}
      union all select display_name || ' last logged in ' || last_login_at from citizens where last_login_at > ${now}`);
    expect([...night, ...calls, ...logins]).toEqual([]);
    // The night watch's history is there, its last week too.
    expect((await rows(sql`select id::text as what from night_watch_calls`)).length).toBeGreaterThan(40);
    const lastWeek = new Date(MONDAY_0030 - 7 * 86_400_000).toISOString();
    expect(
      await rows(sql`select placed_at::text as what from night_watch_calls where placed_at > ${lastWeek}`),
    ).not.toEqual([]);
  });

  it('leaves no call weeks old on the console to call back: a member of the pool called each missed one back, and that call is there', async () => {
    const missed =
      await rows(sql`select 'missed ' || placed_at || ' (' || status || ')' as what from night_watch_calls
      where status in ('missed', 'escalated') and callback_done_at is null`);
    expect(missed).toEqual([]);
    const unproven = await rows(sql`
      select 'callback ' || n.callback_done_at || ' by ' || coalesce(s.display_name, '?') as what
        from night_watch_calls n left join staff s on s.id = n.callback_by
        where n.callback_done_at is not null and (
          n.callback_done_at <= n.placed_at or n.callback_done_at > ${new Date(MONDAY_0030).toISOString()}
          or not exists (select 1 from unit_memberships m
            where m.staff_id = n.callback_by and m.unit_id = n.pool_unit_id and m.since <= n.callback_done_at)
          or not exists (select 1 from call_records r where r.caller_kind = 'staff' and r.caller_id = n.callback_by
            and r.callee_kind = 'citizen' and r.callee_id = n.citizen_id and r.ring_at = n.callback_done_at
            and r.connected_at is not null))`);
    expect(unproven).toEqual([]);
    expect(
      await rows(sql`select id::text as what from night_watch_calls where callback_done_at is not null`),
    ).not.toEqual([]);
  });

  it('names nobody in a call, a visit or a case before they were created, or before they joined the unit', async () => {
    const before = await rows(sql`
      select 'staff ' || s.display_name || ' called at ' || r.ring_at || ', created ' || s.created_at as what
        from call_records r join staff s on s.id = r.caller_id
        where r.caller_kind = 'staff' and s.created_at > r.ring_at
      union all
      select 'staff ' || s.display_name || ' answered at ' || r.answer_at || ', created ' || s.created_at
        from call_records r join staff s on s.id = r.answered_by_staff_id where s.created_at > r.answer_at
      union all
      select 'citizen ' || c.display_name || ' in a call at ' || r.ring_at || ', created ' || c.created_at
        from call_records r join citizens c
          on (r.callee_kind = 'citizen' and c.id = r.callee_id) or (r.caller_kind = 'citizen' and c.id = r.caller_id)
        where c.created_at > r.ring_at
      union all
      select 'citizen ' || c.display_name || ' pressed at ' || n.placed_at || ', created ' || c.created_at
        from night_watch_calls n join citizens c on c.id = n.citizen_id where c.created_at > n.placed_at
      union all
      select 'citizen ' || c.display_name || ' pressed at ' || n.placed_at || ' before living at the facility'
        from night_watch_calls n join citizens c on c.id = n.citizen_id
        where not exists (select 1 from citizen_enrolments e where e.citizen_id = n.citizen_id and e.started_at <= n.placed_at)
      union all
      select 'staff ' || s.display_name || ' took a night call at ' || n.accepted_at || ' before joining the pool'
        from night_watch_calls n join staff s on s.id = n.accepted_by
        where s.created_at > n.accepted_at or not exists (select 1 from unit_memberships m
          where m.staff_id = n.accepted_by and m.unit_id = n.pool_unit_id and m.since <= n.accepted_at)
      union all
      select 'staff ' || s.display_name || ' recorded a visit at ' || d.outcome_at || ' before joining ' || u.name
        from day_plan_slots d join staff s on s.id = d.outcome_by join units u on u.id = d.unit_id
        where s.created_at > d.outcome_at or u.created_at > d.planned_at or not exists (select 1 from unit_memberships m
          where m.staff_id = d.outcome_by and m.unit_id = d.unit_id and m.since <= d.outcome_at)
      union all
      select 'citizen ' || c.display_name || ' had a visit planned at ' || d.planned_at || ', created ' || c.created_at
        from day_plan_slots d join citizens c on c.id = d.citizen_id where c.created_at > d.planned_at
      union all
      select 'citizen ' || c.display_name || ' had a case step at ' || e.at || ', created ' || c.created_at
        from service_case_events e join service_cases k on k.id = e.case_id join citizens c on c.id = k.citizen_id
        where c.created_at > e.at
      union all
      select 'kiosk ' || v.label || ' installed at ' || k.installed_at || ', created ' || v.created_at
        from service_cases k join devices v on v.id = k.device_id where v.created_at > k.installed_at
      union all
      select 'the municipality, created ' || m.created_at || ', after a call at ' || min(r.ring_at)
        from municipalities m join call_records r on r.municipality_id = m.id
        group by m.id, m.created_at having m.created_at > min(r.ring_at)`);
    expect(before).toEqual([]);
  });

  it('has no kiosk uptime but what the uptime job could have sampled: none for a kiosk never lent and enrolled', async () => {
    // The job samples only `lent` kiosks (dashboard/uptime.ts); the demo kiosk becomes one when it enrols at the
    // first start, so a seed has nothing to show yet.
    const made =
      await rows(sql`select d.label || ' (' || d.lifecycle || ') sampled at ' || s.sampled_at as what
      from device_uptime_samples s join devices d on d.id = s.device_id
      where d.lifecycle <> 'lent' or d.credential_hash is null or s.sampled_at < d.created_at`);
    expect(made.slice(0, 3)).toEqual([]);
  });

  it('gives each service case the devices and calls it names: installed before the first call answered, an own device bound at installation, a loan kiosk not before it can enrol', async () => {
    const answered = sql`(select min(r.answer_at) from call_records r where r.answer_at is not null
      and ((r.callee_kind = 'citizen' and r.callee_id = k.citizen_id) or (r.caller_kind = 'citizen' and r.caller_id = k.citizen_id)))`;
    const bound = sql`(select min(b.created_at) from citizen_credentials b where b.citizen_id = k.citizen_id)`;
    // A loan kiosk is installed when it is set up in her home, where it enrols: the demo kiosk has not enrolled
    // when the demo is seeded (it does at the first start), so its case cannot say it was installed days before.
    const seededAt = new Date(MONDAY_0030).toISOString();
    const wrong = await rows(sql`select c.display_name || ' (' || k.stage || '): ' || problem as what from (
        select k.*, case
          when k.installed_at is null and ${answered} is not null then 'not installed, answered a call at ' || ${answered}
          when k.installed_at is null and ${bound} is not null then 'not installed, a browser bound at ' || ${bound}
          when k.installed_at > ${answered} then 'installed ' || k.installed_at || ', answered a call at ' || ${answered}
          when k.device_choice = 'own_device' and (${bound} is null or ${bound} > k.installed_at)
            then 'own device installed ' || k.installed_at || ', browser first bound ' || coalesce(${bound}::text, 'never')
          when k.device_choice = 'loan_kiosk' and not exists (select 1 from devices d
            where d.id = k.device_id and d.citizen_id = k.citizen_id) then 'loan kiosk installed, none lent to her'
          when k.device_choice = 'loan_kiosk' and k.installed_at < ${seededAt} and exists (select 1 from devices d
            where d.id = k.device_id and d.credential_hash is null)
            then 'loan kiosk installed ' || k.installed_at || ', but it enrols only at the first start, ' || ${seededAt}
        end as problem
        from service_cases k) k join citizens c on c.id = k.citizen_id
      where problem is not null`);
    expect(wrong).toEqual([]);
    // The page still shows every kind of line: just referred, in follow-up (due and not) and installed.
    expect((await rows(sql`select stage::text as what from service_cases order by stage`)).sort()).toEqual([
      'following_up',
      'following_up',
      'installed',
      'referred',
    ]);
  });
});

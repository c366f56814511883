import { describe, expect, it } from 'vitest';
import { graphOf, T0 } from '../../../test/kits/permission-graph.js';
import { decideCall } from './decide.js';

const staff = (id: string) => ({ kind: 'staff', id }) as const;
const citizen = (id: string) => ({ kind: 'citizen', id }) as const;
const unit = (id: string) => ({ kind: 'unit', id }) as const;

const base = graphOf({
  staff: ['anna', 'bo', 'guide', 'colleague', 'night1', 'day1'],
  citizens: ['else', 'birthe', 'aase'],
  units: {
    team: 'home_care_team',
    guidance: 'home_guidance',
    facility: 'facility',
    pool: 'night_watch_pool',
  },
  memberships: [
    ['anna', 'team'],
    ['bo', 'team'],
    ['guide', 'guidance'],
    ['colleague', 'guidance'],
    ['night1', 'pool'],
    ['day1', 'facility'],
  ],
  enrolments: [
    { id: 'e-else', citizenId: 'else', unitId: 'team' },
    { id: 'e-birthe', citizenId: 'birthe', unitId: 'guidance', guideStaffId: 'guide' },
    { id: 'e-aase', citizenId: 'aase', unitId: 'facility' },
  ],
  coverage: [['pool', 'facility']],
  permissions: [
    { id: 'p-aase-night', enrolmentId: 'e-aase', direction: 'citizen_to_night_watch' },
    {
      id: 'p-birthe',
      enrolmentId: 'e-birthe',
      direction: 'citizen_to_staff',
      windows: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '22:00' }],
    },
  ],
});

describe('decideCall', () => {
  it('lets whoever is in the home-care team call the citizen', () => {
    expect(decideCall(base, { from: staff('anna'), to: citizen('else') }, T0)).toMatchObject({
      allowed: true,
      via: 'team_member',
      enrolmentId: 'e-else',
    });
    expect(decideCall(base, { from: staff('bo'), to: citizen('else') }, T0).allowed).toBe(true);
  });

  it('lets only the guide call in home guidance, not a colleague in the same unit', () => {
    expect(decideCall(base, { from: staff('guide'), to: citizen('birthe') }, T0)).toMatchObject({
      allowed: true,
      via: 'guide',
    });
    const refused = decideCall(base, { from: staff('colleague'), to: citizen('birthe') }, T0);
    expect(refused).toMatchObject({ allowed: false, reason: 'not_permitted', detail: 'not_the_guide' });
    if (!refused.allowed) expect(refused.message.da).toMatch(/vejleder/);
  });

  it('refuses a citizen calling the team when the enrolment has no citizen_to_staff row', () => {
    expect(decideCall(base, { from: citizen('else'), to: staff('anna') }, T0)).toMatchObject({
      allowed: false,
      detail: 'direction_not_allowed',
    });
  });

  it('lets a citizen call the guide only inside the weekday window, DST included', () => {
    const attempt = { from: citizen('birthe'), to: staff('guide') };
    expect(decideCall(base, attempt, T0).allowed).toBe(true);
    // Saturday 10:00 local: outside "weekdays"; the window opens again on Monday at 07:00 local.
    expect(decideCall(base, attempt, new Date('2026-03-07T09:00:00Z'))).toMatchObject({
      allowed: false,
      reason: 'outside_time_window',
      nextAllowedAt: new Date('2026-03-09T06:00:00Z'),
    });
    // Monday 30 March 2026, first day of summer time: 21:30 local is 19:30Z (in winter it would be 20:30Z).
    expect(decideCall(base, attempt, new Date('2026-03-30T19:30:00Z')).allowed).toBe(true);
    expect(decideCall(base, attempt, new Date('2026-03-30T20:30:00Z')).allowed).toBe(false);
    expect(decideCall(base, attempt, new Date('2026-03-30T05:00:00Z')).allowed).toBe(true); // 07:00 local
    expect(decideCall(base, attempt, new Date('2026-03-30T04:59:00Z')).allowed).toBe(false);
  });

  it('promises no next window that opens after the permission is revoked or the relation has ended', () => {
    const attempt = { from: citizen('birthe'), to: staff('guide') };
    // Saturday 10:00 local; the window would open on Monday at 07:00 local (06:00Z).
    const saturday = new Date('2026-03-07T09:00:00Z');
    const sunday = new Date('2026-03-08T12:00:00Z');
    const revoked = {
      ...base,
      permissions: base.permissions.map((p) => (p.id === 'p-birthe' ? { ...p, revokedAt: sunday } : p)),
    };
    const refused = decideCall(revoked, attempt, saturday);
    expect(refused).toMatchObject({ allowed: false, reason: 'outside_time_window' });
    expect(refused).not.toHaveProperty('nextAllowedAt');
    const ended = {
      ...base,
      enrolments: base.enrolments.map((e) => (e.id === 'e-birthe' ? { ...e, endedAt: sunday } : e)),
    };
    expect(decideCall(ended, attempt, saturday)).not.toHaveProperty('nextAllowedAt');
    // Revoked only after Monday's window has opened: that window is still promised.
    const later = {
      ...base,
      permissions: base.permissions.map((p) =>
        p.id === 'p-birthe' ? { ...p, revokedAt: new Date('2026-03-09T12:00:00Z') } : p,
      ),
    };
    expect(decideCall(later, attempt, saturday)).toMatchObject({
      nextAllowedAt: new Date('2026-03-09T06:00:00Z'),
    });
  });

  it('connects a facility resident to the night watch covering the facility, and lets the watch call back', () => {
    expect(decideCall(base, { from: citizen('aase'), to: unit('pool') }, T0)).toMatchObject({
      allowed: true,
      via: 'citizen_to_night_watch',
    });
    expect(decideCall(base, { from: staff('night1'), to: citizen('aase') }, T0)).toMatchObject({
      allowed: true,
      via: 'night_watch_callback',
    });
    expect(decideCall(base, { from: staff('night1'), to: citizen('else') }, T0).allowed).toBe(false);
    expect(decideCall(base, { from: citizen('else'), to: unit('pool') }, T0).allowed).toBe(false);
  });

  it('applies a closed relation immediately', () => {
    const closedAt = new Date(T0.getTime() - 1);
    const closed = {
      ...base,
      enrolments: base.enrolments.map((e) => (e.id === 'e-else' ? { ...e, endedAt: closedAt } : e)),
    };
    expect(decideCall(closed, { from: staff('anna'), to: citizen('else') }, T0).allowed).toBe(false);
    const atTheInstant = {
      ...base,
      enrolments: base.enrolments.map((e) => (e.id === 'e-else' ? { ...e, endedAt: T0 } : e)),
    };
    expect(decideCall(atTheInstant, { from: staff('anna'), to: citizen('else') }, T0).allowed).toBe(false);
  });

  it('never connects a disabled staff member or citizen, either way', () => {
    const g = { ...base, staff: base.staff.map((s) => (s.id === 'anna' ? { ...s, disabledAt: T0 } : s)) };
    expect(decideCall(g, { from: staff('anna'), to: citizen('else') }, T0)).toMatchObject({
      detail: 'caller_disabled',
    });
    const c = {
      ...base,
      citizens: base.citizens.map((s) => (s.id === 'aase' ? { ...s, disabledAt: T0 } : s)),
    };
    expect(decideCall(c, { from: staff('day1'), to: citizen('aase') }, T0)).toMatchObject({
      detail: 'callee_disabled',
    });
    expect(decideCall(c, { from: citizen('aase'), to: unit('pool') }, T0)).toMatchObject({
      detail: 'caller_disabled',
    });
  });

  it('narrows staff → citizen to the windows of a staff_to_citizen row', () => {
    const g = {
      ...base,
      permissions: [
        ...base.permissions,
        {
          id: 'p-else',
          enrolmentId: 'e-else',
          direction: 'staff_to_citizen' as const,
          windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '08:00', to: '20:00' }],
          revokedAt: null,
        },
      ],
    };
    expect(decideCall(g, { from: staff('anna'), to: citizen('else') }, T0)).toMatchObject({
      permissionId: 'p-else',
    });
    expect(
      decideCall(g, { from: staff('anna'), to: citizen('else') }, new Date('2026-03-02T20:00:00Z')),
    ).toMatchObject({
      reason: 'outside_time_window',
    });
  });

  it('refuses calls between two staff members, two citizens, and unknown parties', () => {
    expect(decideCall(base, { from: staff('anna'), to: staff('bo') }, T0).allowed).toBe(false);
    expect(decideCall(base, { from: citizen('else'), to: citizen('aase') }, T0).allowed).toBe(false);
    expect(decideCall(base, { from: staff('nobody'), to: citizen('else') }, T0)).toMatchObject({
      detail: 'unknown_party',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { type AutoAnswerPolicy, decideAutoAnswer } from './auto-answer.js';
import type { Decision } from './permissions/graph.js';

const ZONE = 'Europe/Copenhagen';
const allowed: Decision = {
  allowed: true,
  via: 'team_member',
  enrolmentId: 'e',
  unitId: 'u',
  permissionId: null,
  guideStaffId: null,
};
const refused: Decision = {
  allowed: false,
  reason: 'not_permitted',
  detail: 'no_relation',
  message: { da: 'x', en: 'x' },
};
const policy: AutoAnswerPolicy = {
  enabled: true,
  countdownSeconds: 10,
  quietHours: { from: '22:00', to: '07:00' },
  doNotDisturbUntil: null,
};
const decide = (
  at: string,
  overrides: Partial<AutoAnswerPolicy> = {},
  permission: Decision = allowed,
  kind: 'staff' | 'citizen' = 'staff',
) =>
  decideAutoAnswer({
    policy: { ...policy, ...overrides },
    caller: { kind, id: 's' },
    permission,
    at: new Date(at),
    timeZone: ZONE,
  });

describe('decideAutoAnswer', () => {
  it('answers a permitted staff call by itself after the countdown', () => {
    expect(decide('2026-03-02T09:00:00Z')).toEqual({ autoAnswer: true, afterMs: 10_000 });
  });

  it('never answers by itself for a caller the permission service refused, or a non-staff caller', () => {
    expect(decide('2026-03-02T09:00:00Z', {}, refused)).toEqual({
      autoAnswer: false,
      reason: 'caller_not_permitted',
    });
    expect(decide('2026-03-02T09:00:00Z', {}, allowed, 'citizen')).toMatchObject({
      reason: 'caller_not_staff',
    });
  });

  it('rings normally without a policy or with auto-answer switched off', () => {
    expect(
      decideAutoAnswer({
        policy: null,
        caller: { kind: 'staff', id: 's' },
        permission: allowed,
        at: new Date(),
        timeZone: ZONE,
      }),
    ).toMatchObject({ reason: 'no_policy' });
    expect(decide('2026-03-02T09:00:00Z', { enabled: false })).toMatchObject({ reason: 'disabled' });
  });

  it('keeps quiet hours that span midnight in winter time', () => {
    expect(decide('2026-03-02T20:59:00Z')).toMatchObject({ autoAnswer: true }); // 21:59 CET
    expect(decide('2026-03-02T21:00:00Z')).toMatchObject({ reason: 'quiet_hours' }); // 22:00 CET
    expect(decide('2026-03-03T05:59:00Z')).toMatchObject({ reason: 'quiet_hours' }); // 06:59 CET
    expect(decide('2026-03-03T06:00:00Z')).toMatchObject({ autoAnswer: true }); // 07:00 CET
  });

  it('ends quiet hours at 07:00 wall time on the night the clocks go forward (29 March 2026)', () => {
    // 07:00 CEST is 05:00Z; the night before, 22:00 CET was 21:00Z.
    expect(decide('2026-03-28T21:00:00Z')).toMatchObject({ reason: 'quiet_hours' });
    expect(decide('2026-03-29T04:59:00Z')).toMatchObject({ reason: 'quiet_hours' });
    expect(decide('2026-03-29T05:00:00Z')).toMatchObject({ autoAnswer: true });
  });

  it('ends quiet hours at 07:00 wall time on the night the clocks go back (25 October 2026)', () => {
    // 22:00 CEST is 20:00Z; 07:00 CET is 06:00Z; the repeated hour 02:00–03:00 stays quiet both times.
    expect(decide('2026-10-24T19:59:00Z')).toMatchObject({ autoAnswer: true });
    expect(decide('2026-10-24T20:00:00Z')).toMatchObject({ reason: 'quiet_hours' });
    expect(decide('2026-10-25T00:30:00Z')).toMatchObject({ reason: 'quiet_hours' }); // 02:30 CEST
    expect(decide('2026-10-25T01:30:00Z')).toMatchObject({ reason: 'quiet_hours' }); // 02:30 CET
    expect(decide('2026-10-25T05:59:00Z')).toMatchObject({ reason: 'quiet_hours' });
    expect(decide('2026-10-25T06:00:00Z')).toMatchObject({ autoAnswer: true });
  });

  it('respects "do not disturb until" up to the instant it ends', () => {
    const until = new Date('2026-03-02T12:00:00Z');
    expect(decide('2026-03-02T11:59:59Z', { doNotDisturbUntil: until })).toMatchObject({
      reason: 'do_not_disturb',
    });
    expect(decide('2026-03-02T12:00:00Z', { doNotDisturbUntil: until })).toMatchObject({ autoAnswer: true });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FOLLOW_UP, nextEvaluationAt, overdue } from './follow-up.js';
import { CASE_TRANSITIONS, type CaseEvent, nextStage, STAGES, type Stage } from './transitions.js';

const policy = DEFAULT_FOLLOW_UP;
const DAY = 86_400_000;
const unitId = '00000000-0000-4000-8000-000000000001';
const EVENTS: CaseEvent[] = [
  { type: 'assess', scenario: 'home_care', deviceChoice: 'loan_kiosk' },
  { type: 'assign', unitId },
  { type: 'install', deviceId: null },
  { type: 'evaluate', used: true, helps: true, decision: 'continue' },
  { type: 'end', reason: 'evaluation' },
];

describe('the service case', () => {
  it('runs referred → assessed → assigned → installed → following up → ended and no step out of order', () => {
    let stage: Stage = 'referred';
    const path: Stage[] = [stage];
    for (const e of EVENTS) {
      const step = nextStage(stage, e);
      expect(step.ok).toBe(true);
      if (step.ok) stage = step.to;
      path.push(stage);
    }
    expect(path).toEqual(['referred', 'assessed', 'assigned', 'installed', 'following_up', 'ended']);
    expect(nextStage('referred', EVENTS[2]!)).toEqual({
      ok: false,
      why: 'install is not allowed from referred',
    });
  });

  it('never leaves "ended", whatever event comes next', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENTS), (e) => {
        expect(nextStage('ended', e).ok).toBe(false);
      }),
    );
    // Every open stage can be ended, so no case can get stuck open.
    for (const s of STAGES.filter((x) => x !== 'ended')) expect(CASE_TRANSITIONS.end.from).toContain(s);
  });

  it('schedules evaluations after 1 week, 1 month and then every 6 months', () => {
    const installed = new Date('2027-01-01T10:00:00Z');
    const days = [0, 1, 2, 3].map(
      (n) => (nextEvaluationAt(installed, n, policy).getTime() - installed.getTime()) / DAY,
    );
    expect(days).toEqual([7, 30, 30 + 182, 30 + 2 * 182]);
  });

  it('flags an evaluation that is due, and a kiosk not collected 14 days after the end', () => {
    const now = new Date('2027-02-01T10:00:00Z');
    const base = { deviceChoice: 'loan_kiosk' as const, deviceReturnedAt: null };
    expect(
      overdue(
        { ...base, stage: 'installed', nextEvaluationAt: new Date(now.getTime() - 1), endedAt: null },
        now,
        policy,
      ),
    ).toEqual(['evaluation_due']);
    expect(
      overdue(
        { ...base, stage: 'ended', nextEvaluationAt: null, endedAt: new Date(now.getTime() - 13 * DAY) },
        now,
        policy,
      ),
    ).toEqual([]);
    expect(
      overdue(
        { ...base, stage: 'ended', nextEvaluationAt: null, endedAt: new Date(now.getTime() - 14 * DAY) },
        now,
        policy,
      ),
    ).toEqual(['device_not_collected']);
    expect(
      overdue(
        {
          ...base,
          stage: 'ended',
          nextEvaluationAt: null,
          endedAt: new Date(now.getTime() - 30 * DAY),
          deviceReturnedAt: now,
        },
        now,
        policy,
      ),
    ).toEqual([]);
  });
});

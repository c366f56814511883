import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CareSettings } from './settings.js';
import { isoWeekOf, type StatRecord, weeklyStats, weeklyStatsCsv } from './stats.js';

const ZONE = 'Europe/Copenhagen';

describe('weekly statistics', () => {
  it('counts planned vs completed per unit and ISO week, with talk time and estimated minutes saved', () => {
    const slots = [
      {
        id: 's1',
        unitId: 'team',
        type: 'medicine' as const,
        plannedAt: new Date('2026-03-02T07:00:00Z'),
        outcome: 'completed' as const,
        completedVia: 'screen_call' as const,
      },
      {
        id: 's2',
        unitId: 'team',
        type: 'conversation' as const,
        plannedAt: new Date('2026-03-03T12:00:00Z'),
        outcome: 'completed' as const,
        completedVia: 'screen_call' as const,
      },
      {
        id: 's3',
        unitId: 'team',
        type: 'reassurance' as const,
        plannedAt: new Date('2026-03-04T12:00:00Z'),
        outcome: 'no_answer' as const,
        completedVia: null,
      },
      {
        id: 's4',
        unitId: 'team',
        type: 'training' as const,
        plannedAt: new Date('2026-03-05T12:00:00Z'),
        outcome: null,
        completedVia: null,
      },
      // 23:30Z on Sunday 8 March is 00:30 on Monday in Copenhagen: ISO week 11 there, not week 10.
      {
        id: 's5',
        unitId: 'team',
        type: 'training' as const,
        plannedAt: new Date('2026-03-08T23:30:00Z'),
        outcome: 'cancelled' as const,
        completedVia: null,
      },
    ];
    const records = [
      {
        slotId: 's1',
        answerAt: new Date('2026-03-02T07:00:10Z'),
        connectedAt: new Date('2026-03-02T07:00:10Z'),
        endAt: new Date('2026-03-02T07:05:10Z'),
        evidence: 'media' as const,
      },
      {
        slotId: 's2',
        answerAt: new Date('2026-03-03T12:00:00Z'),
        connectedAt: new Date('2026-03-03T12:00:00Z'),
        endAt: new Date('2026-03-03T12:25:00Z'),
        evidence: 'not_measured' as const,
      },
      {
        slotId: 's3',
        answerAt: null,
        connectedAt: null,
        endAt: new Date('2026-03-04T12:01:00Z'),
        evidence: 'not_measured' as const,
      },
      {
        slotId: null,
        answerAt: new Date(),
        connectedAt: new Date(),
        endAt: new Date(),
        evidence: 'media' as const,
      },
    ];
    const settings = CareSettings.parse({ minutesSavedPerCall: { conversation: 30 } });
    const stats = weeklyStats({
      slots,
      records,
      unitNames: new Map([['team', 'Hjemmeplejen']]),
      settings,
      timeZone: ZONE,
    });
    expect(stats.map((s) => [s.isoWeek, s.planned, s.completed, s.noAnswer, s.cancelled])).toEqual([
      ['2026-W10', 4, 2, 1, 0],
      ['2026-W11', 1, 0, 0, 1],
    ]);
    expect(stats[0]).toMatchObject({
      connectedCalls: 2,
      notConnectedCalls: 1,
      totalCallSeconds: 30 * 60,
      averageCallSeconds: 15 * 60,
      estimatedMinutesSaved: 20 + 30,
    });
    const csv = parse(weeklyStatsCsv(stats), { columns: true }) as Record<string, string>[];
    expect(csv[0]).toEqual({
      unit: 'Hjemmeplejen',
      iso_week: '2026-W10',
      planned: '4',
      completed: '2',
      completed_on_screen: '2',
      completed_by_phone: '0',
      completed_on_site: '0',
      no_answer: '1',
      cancelled: '0',
      connected_calls: '2',
      not_connected_calls: '1',
      no_media_calls: '0',
      total_call_minutes: '30.0',
      average_call_minutes: '15.0',
      estimated_minutes_saved: '50',
      connected_not_recorded: '0',
    });
  });

  it('counts a visit whose call connected but whose outcome nobody saved as talked-not-recorded, saving nothing yet', () => {
    const slot = {
      id: 's1',
      unitId: 'team',
      type: 'medicine' as const,
      plannedAt: new Date('2026-03-02T07:00:00Z'),
      outcome: null,
      completedVia: null,
    };
    const call: StatRecord = {
      slotId: 's1',
      answerAt: new Date('2026-03-02T07:00:10Z'),
      connectedAt: new Date('2026-03-02T07:00:10Z'),
      endAt: new Date('2026-03-02T07:05:10Z'),
      evidence: 'not_measured',
    };
    const run = (records: StatRecord[], outcome: 'completed' | null = null) =>
      weeklyStats({
        slots: [{ ...slot, outcome, completedVia: outcome ? ('screen_call' as const) : null }],
        records,
        unitNames: new Map(),
        settings: CareSettings.parse({}),
        timeZone: ZONE,
      })[0]!;
    expect(run([call])).toMatchObject({
      planned: 1,
      connectedNotRecorded: 1,
      connectedCalls: 1,
      estimatedMinutesSaved: 0,
    });
    // A call that never connected, or one whose report says nothing got through, is not "talked".
    expect(run([{ ...call, connectedAt: null }]).connectedNotRecorded).toBe(0);
    expect(run([{ ...call, evidence: 'no_media' }]).connectedNotRecorded).toBe(0);
    // Once saved it leaves the column and saves its minutes.
    expect(run([call], 'completed')).toMatchObject({ connectedNotRecorded: 0, estimatedMinutesSaved: 20 });
    const csv = parse(weeklyStatsCsv([run([call])]), { columns: true }) as Record<string, string>[];
    expect(csv[0]?.connected_not_recorded).toBe('1');
  });

  it('counts no minutes and no saving for a call that reached in_call but whose report says nothing got through', () => {
    const slot = {
      id: 's1',
      unitId: 'team',
      type: 'medicine' as const,
      plannedAt: new Date('2026-03-02T07:00:00Z'),
      outcome: 'completed' as const,
      completedVia: 'screen_call' as const,
    };
    const record = {
      slotId: 's1',
      answerAt: new Date('2026-03-02T07:00:10Z'),
      connectedAt: new Date('2026-03-02T07:00:10Z'),
      endAt: new Date('2026-03-02T07:05:10Z'),
    };
    const run = (evidence: 'media' | 'no_media' | 'not_measured') =>
      weeklyStats({
        slots: [slot],
        records: [{ ...record, evidence }],
        unitNames: new Map(),
        settings: CareSettings.parse({}),
        timeZone: ZONE,
      })[0]!;
    expect(run('no_media')).toMatchObject({
      completedOnScreen: 0,
      connectedCalls: 0,
      notConnectedCalls: 1,
      noMediaCalls: 1,
      totalCallSeconds: 0,
      estimatedMinutesSaved: 0,
    });
    // No report at all (a kiosk sends none): the signalling evidence stands, as docs/statistics.md says.
    for (const evidence of ['media', 'not_measured'] as const)
      expect(run(evidence)).toMatchObject({
        connectedCalls: 1,
        totalCallSeconds: 300,
        estimatedMinutesSaved: 20,
      });
  });

  it('uses the ISO week-year around New Year', () => {
    expect(isoWeekOf(new Date('2026-12-31T12:00:00Z'), ZONE)).toBe('2026-W53');
    expect(isoWeekOf(new Date('2027-01-03T12:00:00Z'), ZONE)).toBe('2026-W53');
    expect(isoWeekOf(new Date('2027-01-04T12:00:00Z'), ZONE)).toBe('2027-W01');
  });

  it('defaults the minutes-saved table to the documented assumptions', () => {
    expect(CareSettings.parse({}).minutesSavedPerCall).toEqual({
      medicine: 20,
      reassurance: 15,
      conversation: 25,
      training: 20,
    });
    expect(() => CareSettings.parse({ minutesSavedPerCall: { medicine: -1 } })).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { commonCancelReasons, MAX_CANCEL_REASONS } from './cancel-reasons.js';

describe('the dashboard’s cancellation reasons', () => {
  it('keeps the capitals staff wrote, sending each reason in its most common spelling', () => {
    expect(
      commonCancelReasons([
        'Herlev Hospital',
        'herlev hospital',
        ' Herlev Hospital ',
        'Borger på hospital',
        'ønsker ikke',
      ]),
    ).toEqual([
      { reason: 'Herlev Hospital', count: 3 },
      { reason: 'Borger på hospital', count: 1 },
      { reason: 'ønsker ikke', count: 1 },
    ]);
  });

  it('counts reasons that differ only in case as one, whatever order the rows come in', () => {
    const rows = ['borger på hospital', 'Borger på Hospital', 'Borger på hospital', 'borger på hospital'];
    const tie = ['herlev hospital', 'Herlev Hospital'];
    for (const order of [rows, [...rows].reverse()])
      expect(commonCancelReasons(order)).toEqual([{ reason: 'borger på hospital', count: 4 }]);
    // A tie goes to the spelling with capitals, in either order.
    expect(commonCancelReasons(tie)).toEqual([{ reason: 'Herlev Hospital', count: 2 }]);
    expect(commonCancelReasons([...tie].reverse())).toEqual([{ reason: 'Herlev Hospital', count: 2 }]);
  });

  it('lists the most common first, at most ten, and an empty reason as one', () => {
    const many = Array.from({ length: 12 }, (_, i) => Array<string>(12 - i).fill(`Grund ${i + 1}`)).flat();
    const listed = commonCancelReasons([...many, null, '  ']);
    expect(listed).toHaveLength(MAX_CANCEL_REASONS);
    expect(listed[0]).toEqual({ reason: 'Grund 1', count: 12 });
    expect(listed.map((r) => r.reason)).not.toContain('Grund 12');
    expect(commonCancelReasons([null, '', ' '])).toEqual([{ reason: '', count: 3 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { nextCallDay, nextCallSentence } from './next-call.js';

const ZONE = 'Europe/Copenhagen';
const at = (iso: string) => Date.parse(iso);
const say = (opens: string, now: string) => nextCallSentence(at(opens), at(now), ZONE);

describe('when the kiosk says a resident may call the night watch again', () => {
  it("names today's time in Copenhagen time, whatever the machine's zone", () => {
    // 19.30 in Copenhagen (winter, UTC+1); her window opens at 22.00.
    expect(say('2026-12-07T21:00:00Z', '2026-12-07T18:30:00Z')).toBe('Du kan ringe igen i dag kl. 22.00.');
  });

  it('says "i morgen" for the next Copenhagen day, also just after midnight UTC has not yet come', () => {
    // 23.30 in Copenhagen on Monday is 22.30 UTC: the window at 8.00 is tomorrow there, not "today".
    expect(say('2026-12-08T07:00:00Z', '2026-12-07T22:30:00Z')).toBe('Du kan ringe igen i morgen kl. 8.00.');
    // 00.20 in Copenhagen on Tuesday (still Monday in UTC): 8.00 is today.
    expect(say('2026-12-08T07:00:00Z', '2026-12-07T23:20:00Z')).toBe('Du kan ringe igen i dag kl. 8.00.');
  });

  it('names the weekday within the week and the date beyond it', () => {
    expect(say('2026-12-11T07:00:00Z', '2026-12-07T12:00:00Z')).toBe('Du kan ringe igen på fredag kl. 8.00.');
    expect(say('2026-12-24T07:00:00Z', '2026-12-07T12:00:00Z')).toBe(
      'Du kan ringe igen den 24. december kl. 8.00.',
    );
  });

  it('keeps the wall-clock time across the change from summer time', () => {
    // Sunday 25 October 2026 the clocks go back; Saturday 12.00 (UTC+2), the window Sunday 8.00 (UTC+1).
    expect(say('2026-10-25T07:00:00Z', '2026-10-24T10:00:00Z')).toBe('Du kan ringe igen i morgen kl. 8.00.');
  });

  it('says nothing of a time already passed', () => {
    expect(nextCallDay(at('2026-12-07T21:00:00Z'), at('2026-12-07T21:00:00Z'), ZONE)).toBeNull();
    expect(say('2026-12-07T21:00:00Z', '2026-12-07T21:05:00Z')).toBeNull();
    expect(nextCallSentence(Number.NaN, at('2026-12-07T21:05:00Z'), ZONE)).toBeNull();
  });
});

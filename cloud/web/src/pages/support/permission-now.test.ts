import { describe, expect, it } from 'vitest';
import { describePermission, windowProblem } from './permission-now.js';

const DAYS: Record<string, string> = { 'day.1': 'man', 'day.2': 'tir', 'day.5': 'fre' };
const t = (k: string) => DAYS[k] ?? k;

describe('describePermission', () => {
  const windows = [{ days: [1, 2, 5], from: '09:00', to: '15:30' }];

  it('writes the window’s clock times as the rest of the Danish screens do (09.00)', () => {
    expect(describePermission('citizen_to_staff', { windows }, t, 'da')).toBe('man, tir, fre 09.00–15.30');
  });

  it('keeps 09:00 in English', () => {
    expect(describePermission('citizen_to_staff', { windows }, t, 'en')).toBe('man, tir, fre 09:00–15:30');
  });

  it('says what holds without a row: staff by membership, the citizen not at all', () => {
    expect(describePermission('staff_to_citizen', undefined, t, 'da')).toBe('perm.byMembership');
    expect(describePermission('citizen_to_staff', undefined, t, 'da')).toBe('perm.none');
    expect(describePermission('citizen_to_staff', { windows: null }, t, 'da')).toBe('perm.always');
  });
});

describe('windowProblem', () => {
  it('asks for a day, both clock times, and two different times', () => {
    expect(windowProblem([], '09:00', '15:00')).toBe('perm.problem.noDay');
    expect(windowProblem([1], '', '15:00')).toBe('perm.problem.noTime');
    expect(windowProblem([1], '10:00', '10:00')).toBe('perm.problem.sameTime');
  });

  it('takes a window across midnight, as the cloud does', () => {
    expect(windowProblem([5], '22:00', '07:00')).toBeNull();
    expect(windowProblem([1, 2], '09:00', '15:00')).toBeNull();
  });
});

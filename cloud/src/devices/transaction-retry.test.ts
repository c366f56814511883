import { describe, expect, it } from 'vitest';
import { type ConflictRetry, isRetryableConflict, retryOnConflict } from './transaction-retry.js';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
/** As drizzle throws it: the driver's error as the cause. */
const drizzleError = (code: string) => new Error('Failed query', { cause: pgError(code) });

function policy(): ConflictRetry & { slept: number[] } {
  const slept: number[] = [];
  return { tries: 3, delaysMs: [20, 80], sleep: async (ms) => void slept.push(ms), random: () => 1, slept };
}

describe('retrying a transaction after a conflict', () => {
  it('runs it again after a deadlock or a serialization failure, and returns its result', async () => {
    const p = policy();
    const failures = [drizzleError('40P01'), pgError('40001')];
    let runs = 0;
    const told: number[] = [];
    const result = await retryOnConflict(
      async () => {
        runs++;
        const failure = failures.shift();
        if (failure) throw failure;
        return 'written';
      },
      { policy: p, onRetry: (_error, attempt) => told.push(attempt) },
    );
    expect(result).toBe('written');
    expect(runs).toBe(3);
    expect(p.slept).toEqual([20, 80]);
    expect(told).toEqual([1, 2]);
  });

  it('gives up after the tries, with the last error', async () => {
    const p = policy();
    let runs = 0;
    const run = retryOnConflict(
      async () => {
        runs++;
        throw drizzleError('40P01');
      },
      { policy: p },
    );
    await expect(run).rejects.toThrow('Failed query');
    expect(runs).toBe(3);
  });

  it('does not retry other errors', async () => {
    const p = policy();
    let runs = 0;
    const run = retryOnConflict(
      async () => {
        runs++;
        throw drizzleError('23505');
      },
      { policy: p },
    );
    await expect(run).rejects.toThrow('Failed query');
    expect(runs).toBe(1);
    expect(p.slept).toEqual([]);
    expect(isRetryableConflict(new Error('no code'))).toBe(false);
  });

  it('waits a jittered share, 50–100 % of the base delay', async () => {
    const p = { ...policy(), random: () => 0 };
    let runs = 0;
    await retryOnConflict(
      async () => {
        if (++runs === 1) throw pgError('40001');
        return runs;
      },
      { policy: p },
    );
    expect(p.slept).toEqual([10]);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { type CallerReads, callerName } from './caller-name.js';

const problem = (status: number) =>
  new ApiError('problem', status, { type: 'about:blank', title: 'x', status });

/** Reads that answer from two tables and record what was asked. */
function reads(pool: Record<string, string | number>, own: Record<string, string>) {
  const asked: string[] = [];
  const r: CallerReads = {
    async pool(poolId, citizenId) {
      asked.push(`pool:${poolId}:${citizenId}`);
      const hit = pool[citizenId];
      if (typeof hit === 'number') throw problem(hit);
      if (hit === undefined) throw problem(404);
      return { citizenName: hit };
    },
    async ownCitizen(citizenId) {
      asked.push(`own:${citizenId}`);
      return own[citizenId] ?? null;
    },
  };
  return { r, asked };
}

describe('naming the caller once the console is unlocked', () => {
  it('names a night-watch ring from the pool', async () => {
    const { r, asked } = reads({ aase: 'Aase Beboer' }, {});
    expect(await callerName(r, 'pool-1', 'aase')).toBe('Aase Beboer');
    expect(asked).toEqual(['pool:pool-1:aase']);
  });

  it('names a DIRECT call (the pool never had it) as a citizen of the own units', async () => {
    const { r, asked } = reads({}, { aase: 'Aase Beboer' });
    expect(await callerName(r, 'pool-1', 'aase')).toBe('Aase Beboer');
    expect(asked).toEqual(['pool:pool-1:aase', 'own:aase']);
    // A console with no pool chosen yet still names its direct calls.
    expect(await callerName(r, undefined, 'aase')).toBe('Aase Beboer');
  });

  it('does not fall back while the session is still locked (401), and says so by throwing', async () => {
    const { r, asked } = reads({ aase: 401 }, { aase: 'Aase Beboer' });
    await expect(callerName(r, 'pool-1', 'aase')).rejects.toMatchObject({ status: 401 });
    expect(asked).toEqual(['pool:pool-1:aase']);
  });

  it('answers null for a caller this member may not name', async () => {
    const { r } = reads({}, {});
    expect(await callerName(r, 'pool-1', 'stranger')).toBeNull();
  });
});

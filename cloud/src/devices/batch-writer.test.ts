import { describe, expect, it } from 'vitest';
import { createBatchWriter } from './batch-writer.js';

describe('batch writer (group commit)', () => {
  it('writes what arrives while a batch is being written as the next batch, and resolves each item only after its batch is written', async () => {
    const batches: number[][] = [];
    const release: (() => void)[] = [];
    const writer = createBatchWriter<number, string>({
      maxBatch: 3,
      write: async (items) => {
        batches.push([...items]);
        await new Promise<void>((r) => release.push(r));
        return items.map((i) => `done ${i}`);
      },
    });
    const settled: number[] = [];
    const first = [1, 2].map((i) => writer.add(i).then((r) => settled.push(i) && r));
    await new Promise((r) => setImmediate(r));
    const rest = [3, 4, 5, 6].map((i) => writer.add(i).then((r) => settled.push(i) && r));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2]]);
    expect(settled).toEqual([]);
    release.shift()?.();
    expect(await Promise.all(first)).toEqual(['done 1', 'done 2']);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(settled).toEqual([1, 2]);
    release.shift()?.();
    await new Promise((r) => setImmediate(r));
    release.shift()?.();
    expect(await Promise.all(rest)).toEqual(['done 3', 'done 4', 'done 5', 'done 6']);
    expect(batches).toEqual([[1, 2], [3, 4, 5], [6]]);
  });

  it('rejects every item of a failed batch and still writes the next one', async () => {
    let fail = true;
    const writer = createBatchWriter<number, number>({
      maxBatch: 10,
      write: async (items) => {
        if (fail) {
          fail = false;
          throw new Error('database unavailable');
        }
        return items.map((i) => i * 2);
      },
    });
    const failed = [writer.add(1), writer.add(2)];
    await expect(failed[0]).rejects.toThrow('database unavailable');
    await expect(failed[1]).rejects.toThrow('database unavailable');
    expect(await writer.add(3)).toBe(6);
    await writer.idle();
  });

  it('writes up to inFlight batches at once, each item still resolved only after its own batch', async () => {
    const release = new Map<number, () => void>();
    const writing: number[][] = [];
    const writer = createBatchWriter<number, number>({
      maxBatch: 2,
      inFlight: 2,
      write: async (items) => {
        writing.push([...items]);
        await new Promise<void>((r) => release.set(items[0]!, r));
        return items.map((i) => -i);
      },
    });
    const settled: number[] = [];
    const all = [1, 2, 3, 4, 5].map((i) => writer.add(i).then((r) => settled.push(i) && r));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    // Two batches at the database, the fifth item waits for a free writer.
    expect(writing).toEqual([
      [1, 2],
      [3, 4],
    ]);
    release.get(3)?.();
    await new Promise((r) => setImmediate(r));
    expect(settled).toEqual([3, 4]);
    expect(writing).toEqual([[1, 2], [3, 4], [5]]);
    let idle = false;
    const idled = writer.idle().then(() => {
      idle = true;
    });
    release.get(5)?.();
    release.get(1)?.();
    expect(await Promise.all(all)).toEqual([-1, -2, -3, -4, -5]);
    await idled;
    expect(idle).toBe(true);
  });
});

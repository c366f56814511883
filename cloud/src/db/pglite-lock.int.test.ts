import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../test/db-suite/harness.js';
import { isStartupError } from '../kernel/errors.js';
import type { Database } from './database.js';
import { openDatabase } from './open.js';

/** Issue 14 item 5: two processes on one PGlite data folder are refused with a clear message. */
let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sv-lock-'));
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The pid of a process that has exited (so no process runs under it now, barring reuse). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('the embedded database folder lock', () => {
  it('refuses a second opener of the same folder, naming the owner, and leaves the first working', async () => {
    const first = await openDatabase({ dataDir, log: silentLog });
    try {
      const error = await openDatabase({ dataDir, log: silentLog }).catch((e: unknown) => e);
      expect(isStartupError(error)).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(`in use by another ScreenVisit process \\(pid ${process.pid}`),
      );
      expect((error as Error).message).toMatch(/DATA_DIR/);
      await first.ping();
    } finally {
      await first.close();
    }
  });

  it('lets the folder be opened again after a clean close', async () => {
    const again = await openDatabase({ dataDir, log: silentLog });
    await again.close();
    await expect(readFile(join(dataDir, 'pglite.lock'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('takes over a lock left by a process that died without closing', async () => {
    await writeFile(join(dataDir, 'pglite.lock'), `${await deadPid()}\n`);
    let opened: Database | undefined;
    try {
      opened = await openDatabase({ dataDir, log: silentLog });
      expect(await readFile(join(dataDir, 'pglite.lock'), 'utf8')).toBe(`${process.pid}\n`);
    } finally {
      await opened?.close();
    }
  });
});

import { readFile, rm, writeFile } from 'node:fs/promises';
import { StartupError } from '../kernel/errors.js';

/**
 * One process per embedded-database folder. PGlite has no lock of its own, and two processes on one data folder
 * corrupt it (each believes it is the only PostgreSQL there). A lock file beside the folder holds the owner's
 * pid, created with O_EXCL (`wx`) so exactly one opener wins. A lock whose pid no longer runs (the owner crashed
 * or was killed) is stale: it is removed and taken over, so a restart after `kill -9` needs no hand work.
 * Why not proper-lockfile: its staleness is by modification time (refused for ~10 s after a crash, and a timer
 * rewriting the file every few seconds); the pid answers "is the owner alive" directly on one machine, which is
 * the only place a PGlite folder can be shared. Limits: a pid from another pid namespace (a container sharing
 * the volume) looks dead from here; give each container its own DATA_DIR.
 */
export interface DataDirLock {
  release(): Promise<void>;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export async function lockDataDir(lockFile: string, where: string): Promise<DataDirLock> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await rm(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new StartupError(
          `Could not create the lock file ${lockFile} for the embedded database: ${(error as Error).message}. ` +
            'Check that DATA_DIR exists and is writable.',
          { cause: error },
        );
    }
    const owner = Number.parseInt((await readFile(lockFile, 'utf8').catch(() => '')).trim(), 10);
    if (Number.isInteger(owner) && owner > 0 && alive(owner))
      throw new StartupError(
        `The embedded database in ${where} is in use by another ScreenVisit process (pid ${owner}${
          owner === process.pid ? ', this one' : ''
        }). Two processes on one data folder would damage it. Stop the other process, give this one its own ` +
          `DATA_DIR, or set DATABASE_URL to share a PostgreSQL server. If no such process runs, remove ${lockFile}.`,
      );
    // The owner is gone (or the file is unreadable half-written junk): the lock is stale, take it over.
    await rm(lockFile, { force: true });
  }
  throw new StartupError(
    `Could not take the lock ${lockFile} for the embedded database in ${where}: another process keeps taking it.`,
  );
}

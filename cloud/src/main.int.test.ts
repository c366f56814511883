import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/postgres-database.js';
import { clusterNodeEnv } from '../test/redis.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
/** Clouds still running when their test ends (it failed, or vitest's timeout cut it short): none may outlive it. */
const running = new Set<ChildProcess>();
afterEach(async () => {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
});

function runCloud(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-main-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'cloud/src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', MQTT_PORT: '0', MQTT_WS_PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, out: () => stdout, err: () => stderr };
}

const looksLikeStackTrace = /^\s+at .+[:(]/m;

describe('the cloud process', () => {
  it('refuses malformed environment variables with one paragraph listing each, and exit code 2', async () => {
    const run = runCloud({
      PORT: 'eighty',
      MQTT_PORT: '70000',
      DATABASE_URL: 'mysql://root@db/x',
      LOG_LEVEL: 'loud',
    });
    expect(await run.exited).toBe(2);
    const message = run.err().trim();
    expect(message.split('\n')).toHaveLength(1);
    for (const name of ['PORT', 'MQTT_PORT', 'DATABASE_URL', 'LOG_LEVEL'])
      expect(message).toContain(`${name} is invalid`);
    expect(message).not.toMatch(looksLikeStackTrace);
    expect(message).not.toContain('mysql://root');
  });

  it('explains an unreachable DATABASE_URL in one paragraph without the password', async () => {
    const run = runCloud({ DATABASE_URL: 'postgres://screenvisit:s3cret-pw@127.0.0.1:1/screenvisit' });
    expect(await run.exited).toBe(2);
    const message = run.err().trim();
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/127\.0\.0\.1:1/);
    expect(message).not.toContain('s3cret-pw');
    expect(message).not.toMatch(looksLikeStackTrace);
  });

  it('explains an unreachable REDIS_URL in one paragraph without the password, and exit code 2', async () => {
    // docs/operations.md#two-nodes. It printed ioredis's "Connection is closed." after two warnings with stack
    // traces, and exited 1, which the runbook's unit restarts in a loop.
    // A node with REDIS_URL needs the shared PostgreSQL and keys (kernel/config.ts); Redis is opened after them.
    const database = await createTestDatabase();
    try {
      const run = runCloud({
        ...clusterNodeEnv(database.url),
        REDIS_URL: 'redis://:s3cret-pw@127.0.0.1:1/3',
        LOG_LEVEL: 'info',
      });
      expect(await run.exited).toBe(2);
      const message = run.err().trim();
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/Could not connect to Redis at 127\.0\.0\.1:1\/3 .*REDIS_URL/);
      expect(message).not.toContain('s3cret-pw');
      expect(message).not.toMatch(looksLikeStackTrace);
      expect(run.out()).not.toContain('"stack"');
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('names the variable to change when a port is already taken', async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const run = runCloud({ MQTT_PORT: String(port) });
      expect(await run.exited).toBe(2);
      expect(run.err()).toMatch(new RegExp(`${port} is already in use.*Set MQTT_PORT`));
      expect(run.err()).not.toMatch(looksLikeStackTrace);
    } finally {
      blocker.close();
    }
  });

  it('drains and exits 0 within 10 s of SIGTERM', async () => {
    const run = runCloud({ LOG_LEVEL: 'info' });
    await waitForOutput(run, 'screenvisit cloud ready', 25_000);
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  });

  it('kills its cloud when the wait for it times out, so no process outlives the test', async () => {
    const run = runCloud({});
    await expect(waitForOutput(run, 'a line the cloud never writes', 1_000)).rejects.toThrow(/timed out/);
    await run.exited;
    expect(run.child.signalCode).toBe('SIGKILL');
  });
});

/**
 * Waits (under the test's own timeout) for the cloud to write `text`; when it does not in time, kills it before
 * failing, so a cloud that hangs at start-up does not keep running after the test.
 */
async function waitForOutput(run: ReturnType<typeof runCloud>, text: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!run.out().includes(text)) {
    if (Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`timed out after ${timeoutMs} ms waiting for "${text}"`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

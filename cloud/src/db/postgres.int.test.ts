import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip, TEST_POSTGRES_URL, tcpReachable } from '../../../test-support/requirements.js';
import { postgresHarness, silentLog } from '../../test/db-suite/harness.js';
import { dbTests } from '../../test/db-suite/index.js';
import { isStartupError } from '../kernel/errors.js';
import { appliedMigrations, readMigrations } from './migrate.js';
import { openDatabase } from './open.js';

const server = new URL(TEST_POSTGRES_URL);
const available = requireOrSkip(
  'PostgreSQL',
  await tcpReachable(server.hostname, Number(server.port || 5432)),
  `nothing answers at ${server.hostname}:${server.port || 5432}; apt-get install postgresql, or set TEST_DATABASE_URL`,
);

const PASSWORD = 'hunter2-Secret';

async function openError(url: string): Promise<Error> {
  const error = await openDatabase({ url, dataDir: '/nonexistent', log: silentLog }).catch((e: unknown) => e);
  expect(isStartupError(error)).toBe(true);
  const message = (error as Error).message;
  expect(message).not.toContain(PASSWORD);
  expect(message).not.toContain('\n');
  expect(inspect((error as Error).cause)).not.toContain(PASSWORD);
  return error as Error;
}

describe.skipIf(!available)('data layer on PostgreSQL', () => {
  const harness = postgresHarness();
  dbTests(harness);

  it('lets only one of two instances starting together migrate', async () => {
    const fresh = await harness.fresh();
    await fresh.database.close();
    const [a, b] = await Promise.all([fresh.reopen(), fresh.reopen()]);
    expect(await appliedMigrations(a.db)).toHaveLength(readMigrations().length);
    await b.ping();
  });

  it('names the missing database, without the password', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.password = PASSWORD;
    url.pathname = '/sv_no_such_database';
    const error = await openError(url.toString());
    expect(error.message).toMatch(/at .*:\d+\/sv_no_such_database: that database does not exist/);
  });
});

describe('a wrong DATABASE_URL', () => {
  let silent: Server;
  let silentPort = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts TCP and never answers: a firewall that swallows packets, or the wrong service on the port.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('fails at start-up with host, port and database named, never the password', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));

    const error = await openError(`postgres://screenvisit:${PASSWORD}@127.0.0.1:${port}/screenvisit`);
    expect(error.message).toContain(`127.0.0.1:${port}/screenvisit`);
    expect(error.message).toMatch(/nothing is listening/);
  });

  it('gives up on a server that never answers after about 5 seconds', async () => {
    const started = Date.now();
    const error = await openError(`postgres://screenvisit:${PASSWORD}@127.0.0.1:${silentPort}/screenvisit`);
    expect(error.message).toMatch(/no answer within 5 s/);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('gives up on a server that accepts and closes every connection, instead of retrying for ever', async () => {
    // What a pooler or TCP proxy in front of a stopped PostgreSQL does (and this machine's network for
    // unroutable addresses): postgres.js reconnected in a tight loop and `select 1` never settled, so the cloud
    // hung at start-up without a word (opswalk, DATABASE_URL=postgres://…@10.255.255.1/db).
    const closing = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const port = (closing.address() as { port: number }).port;
    try {
      const started = Date.now();
      const error = await openError(`postgres://screenvisit:${PASSWORD}@127.0.0.1:${port}/screenvisit`);
      expect(error.message).toContain(`127.0.0.1:${port}/screenvisit`);
      expect(error.message).toMatch(/no PostgreSQL session within 6 s/);
      expect(Date.now() - started).toBeLessThan(9_000);
    } finally {
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    }
  }, 15_000);

  it('explains a URL that is not a postgres:// URL', async () => {
    expect((await openError(`mysql://root:${PASSWORD}@db/app`)).message).toMatch(
      /must start with postgres:\/\//,
    );
    expect((await openError(`not a url ${PASSWORD}`)).message).toMatch(/not a valid URL/);
  });
});

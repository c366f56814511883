import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { executableExists, requireOrSkip } from '../../../test-support/requirements.js';
import { LISTEN_BACKLOG, listenOrExplain } from './listen.js';

const SS = '/usr/bin/ss';
const usable =
  process.platform === 'linux' && requireOrSkip('ss', executableExists(SS), 'apt-get install iproute2');

describe.runIf(usable)('listening sockets (issue 14)', () => {
  it('queue a whole returning fleet: the accept backlog is LISTEN_BACKLOG (up to the kernel cap), not Node’s 511', async () => {
    const server = createServer();
    try {
      const port = await listenOrExplain(server, '127.0.0.1', 0, {
        what: 'test port',
        variable: 'TEST_PORT',
      });
      // For a listening socket `ss` shows the backlog in the Send-Q column.
      const [, , backlog] = execFileSync(SS, ['-Hltn', `sport = :${port}`], { encoding: 'utf8' })
        .trim()
        .split(/\s+/);
      const cap = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
      expect(Number(backlog)).toBe(Math.min(LISTEN_BACKLOG, cap));
      expect(Number(backlog)).toBeGreaterThan(511);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

import { defineConfig } from 'vitest/config';
import { E2E_NO_MEDIA } from './test-support/e2e-groups.js';

/**
 * Tests are split by what they touch (docs/architecture.md#tests):
 *   *.test.ts      unit: pure logic, fake clocks, no I/O beyond temp files
 *   *.int.test.ts  integration: PostgreSQL (PGlite and the real server), the MQTT broker, GPIO simulator
 *   *.e2e.test.ts  end to end: Chromium, WebRTC media, whole processes
 * Unit and integration files run two at a time: vitest's default is one on a 2-core machine (cores - 1), and these
 * files mostly wait on PostgreSQL, the broker and timers. The e2e files run after them in two projects: those
 * without media (Chromium against a test cloud, listed in test-support/e2e-groups.ts and guarded by its test) two
 * at a time, then those with media (calls, kiosk agents, processes of their own) one at a time. vitest runs the
 * projects by `sequence.groupOrder`, lowest first, and starts a group only when the one before has finished, so
 * a media file never runs beside another file.
 * The forks pool is required: @roamhq/wrtc crashes worker threads (shared/notes/dependencies.md).
 * The pool ends each file's fork itself (SIGTERM, SIGKILL after 500 ms), so native threads that keep a process
 * alive (webrtcbin, libnice) or crash a natural exit (@roamhq/wrtc) need nothing from the test file. A test file
 * must not call process.exit: inside a worker vitest turns it into an uncaught error, which fails a multi-file
 * run whenever it fires before the pool has ended that file's fork.
 */
const exclude = ['**/node_modules/**', '**/dist/**', '**/.data/**'];
const e2e = {
  exclude,
  // Vite builds the browser clients once for the run, not once per file (test-support/web-build.ts).
  globalSetup: ['test-support/web-build.ts'],
  testTimeout: 60_000,
  hookTimeout: 90_000,
};

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          maxWorkers: 2,
          include: [
            '*/src/**/*.test.ts',
            '*/test/**/*.test.ts',
            'cloud/web/src/**/*.test.ts',
            'test-support/*.test.ts',
          ],
          exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.pi.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          maxWorkers: 2,
          include: ['**/*.int.test.ts'],
          exclude,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          ...e2e,
          name: 'e2e-no-media',
          include: [...E2E_NO_MEDIA],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...e2e,
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude: [...exclude, ...E2E_NO_MEDIA],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      // Real GPIO/backlight/audio on a Raspberry Pi (hardware/README.md). Only defined when asked for, so that
      // `npm test` elsewhere neither runs nor silently skips it. A group of its own, last: vitest refuses projects
      // of one groupOrder with different maxWorkers ("pi" beside "unit" stopped the run before any test).
      ...(process.env.HARDWARE_TEST_REAL === '1'
        ? [
            {
              test: {
                name: 'pi',
                include: ['hardware/test/**/*.pi.test.ts'],
                exclude,
                testTimeout: 30_000,
                sequence: { groupOrder: 3 },
              },
            },
          ]
        : []),
    ],
  },
});

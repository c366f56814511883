import { defineConfig } from 'vitest/config';

/**
 * Tests are split by what they touch (docs/architecture.md#tests):
 *   *.test.ts      unit: pure logic, fake clocks, no I/O beyond temp files
 *   *.int.test.ts  integration: PostgreSQL (PGlite and the real server), the MQTT broker, GPIO simulator
 *   *.e2e.test.ts  end to end: Chromium, WebRTC media, whole processes
 * Unit and integration files run two at a time: vitest's default is one on a 2-core machine (cores - 1), and these
 * files mostly wait on PostgreSQL, the broker and timers. The e2e files run after them, one at a time.
 * The forks pool is required: @roamhq/wrtc crashes worker threads (shared/notes/dependencies.md).
 * The pool ends each file's fork itself (SIGTERM, SIGKILL after 500 ms), so native threads that keep a process
 * alive (webrtcbin, libnice) or crash a natural exit (@roamhq/wrtc) need nothing from the test file. A test file
 * must not call process.exit: inside a worker vitest turns it into an uncaught error, which fails a multi-file
 * run whenever it fires before the pool has ended that file's fork.
 */
const exclude = ['**/node_modules/**', '**/dist/**', '**/.data/**'];

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          maxWorkers: 2,
          include: ['*/src/**/*.test.ts', '*/test/**/*.test.ts', 'cloud/web/src/**/*.test.ts'],
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
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude,
          // Vite builds the browser clients once for the run, not once per file (test-support/web-build.ts).
          globalSetup: ['test-support/web-build.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      // Real GPIO/backlight/audio on a Raspberry Pi (hardware/README.md). Only defined when asked for, so that
      // `npm test` elsewhere neither runs nor silently skips it.
      ...(process.env.HARDWARE_TEST_REAL === '1'
        ? [{ test: { name: 'pi', include: ['hardware/test/**/*.pi.test.ts'], exclude, testTimeout: 30_000 } }]
        : []),
    ],
  },
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The browser clients built once for the whole e2e run (see below); unset outside it. */
    webRoot?: string;
  }
}

/** The key under which the run provides the built clients' folder (vitest's provide/inject). */
export const WEB_ROOT = 'webRoot';

const configFile = fileURLToPath(new URL('../cloud/web/vite.config.ts', import.meta.url));

/**
 * The e2e projects' global setup: Vite builds the browser clients ONCE per test run, with the real config, into
 * a temp dir that every e2e file's cloud serves read-only (cloud/web/test/web-cloud.ts). Each of the ~40 files
 * built its own identical copy before, a few seconds of CPU each under CI load. Built here rather than taken from
 * cloud/web/dist so a run always tests the sources as they are, not a build someone made earlier.
 * Both e2e projects (vitest.config.ts) name this setup and vitest runs it once per project, one after the other:
 * the first provides the folder to the whole run (the root project's context, which every project's inherits),
 * the second finds it there and builds nothing.
 */
export default async function buildWebOnce(project: TestProject): Promise<() => void> {
  if (project.vitest.getProvidedContext()[WEB_ROOT]) return () => {};
  const outDir = mkdtempSync(join(tmpdir(), 'screenvisit-web-'));
  const { build } = await import('vite');
  try {
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  project.vitest.provide(WEB_ROOT, outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '@screenvisit/protocol';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { inject } from 'vitest';
import {
  CHROMIUM_ARGS,
  CHROMIUM_ENV,
  CHROMIUM_PATH,
  DANISH_LOCALE,
} from '../../../test-support/requirements.js';
import { WEB_ROOT } from '../../../test-support/web-build.js';
import { startTestCloudOnKnownPort, type TestCloud } from '../../test/test-cloud.js';

/**
 * The browser clients served by a REAL cloud node (PGlite, ephemeral ports), as in production: Vite builds them
 * with the real config into a temp dir, the cloud serves that dir. The browser goes to http://localhost:PORT,
 * a secure context, so the `__Host-` Secure session cookie works without TLS (and localhost is a valid WebAuthn
 * RP id). The cloud listens on 127.0.0.1 (HOST default); Chromium tries 127.0.0.1 for localhost and node-side
 * calls use `t.base` (127.0.0.1), so no ::1 lookup is involved.
 */
const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

/** A server clock that starts at real time and moves only when told; timers stay real. */
export interface SteppingClock extends Clock {
  advance(ms: number): void;
}

export function steppingClock(start = Date.now()): SteppingClock {
  let now = start;
  return {
    now: () => now,
    setTimeout: systemClock.setTimeout,
    clearTimeout: systemClock.clearTimeout,
    advance(ms) {
      now += ms;
    },
  };
}

export interface WebCloud {
  readonly t: TestCloud;
  /** http://localhost:PORT: where the browser goes. */
  readonly origin: string;
  readonly browser: Browser;
  /** A fresh context and page that records console errors and any request leaving the origin. */
  newPage(options?: {
    width?: number;
    height?: number;
    /** Another Chromium (e.g. one inside a network namespace); default: the suite's. */
    browser?: Browser;
    /** The browser's time zone (IANA); default: this machine's. */
    timezoneId?: string;
  }): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export async function startWebCloud(
  options: {
    clock?: Clock;
    /** Extra cloud environment (e.g. TURN_URLS for relay-only calls). */
    env?: Record<string, string>;
    /** Runs in every page before its own scripts (e.g. to record peer connections). */
    initScript?: () => void;
  } = {},
): Promise<WebCloud> {
  // The e2e run builds the clients once (test-support/web-build.ts); outside vitest (npm run bench) each cloud
  // builds its own copy, which it then also removes.
  const shared = process.env.VITEST ? inject(WEB_ROOT) : undefined;
  const outDir = shared ?? mkdtempSync(join(tmpdir(), 'screenvisit-web-'));
  const removeOwnBuild = () => {
    if (!shared) rmSync(outDir, { recursive: true, force: true });
  };
  let t: TestCloud | undefined;
  let browser: Browser | undefined;
  try {
    if (!shared) await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    t = await startTestCloudOnKnownPort(
      (port) => ({ WEBAUTHN_ORIGIN: `http://localhost:${port}`, LOG_LEVEL: 'warn', ...options.env }),
      { webRoot: outDir, ...(options.clock ? { clock: options.clock } : {}) },
    );
    const origin = `http://localhost:${t.cloud.ports.http}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      env: CHROMIUM_ENV,
    });
    const b = browser;
    const cloud = t;
    return {
      t: cloud,
      origin,
      browser: b,
      async newPage(size = {}) {
        const context = await (size.browser ?? b).newContext({
          viewport: { width: size.width ?? 1024, height: size.height ?? 768 },
          reducedMotion: 'reduce',
          // A Danish user's browser (requirements.ts): 24-hour time inputs, Danish Intl defaults.
          locale: DANISH_LOCALE,
          ...(size.timezoneId ? { timezoneId: size.timezoneId } : {}),
        });
        // The night console turns dark at night by municipal time (nightwatch/theme.ts). Every test starts it
        // light, whatever the hour, so a result never depends on when CI runs; a test that checks the dark
        // theme switches to it as a person would (the choice is stored, so it is left alone once made).
        await context.addInitScript(() => {
          if (!localStorage.getItem('sv.nightwatch.theme'))
            localStorage.setItem('sv.nightwatch.theme', 'light');
        });
        if (options.initScript) await context.addInitScript(options.initScript);
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('console', (m) => {
          // A refused API call (401, 410, 429 …) is logged by Chromium as a console error; those are expected.
          if (m.type() === 'error' && !/the server responded with a status of/.test(m.text()))
            problems.push(`console: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        // No CDNs, no external fonts: municipal networks may have no internet.
        page.on('request', (r) => {
          if (!r.url().startsWith(origin) && !r.url().startsWith('data:'))
            problems.push(`external: ${r.url()}`);
        });
        return { context, page, problems };
      },
      async close() {
        await b.close();
        await cloud.close();
        removeOwnBuild();
      },
    };
  } catch (error) {
    await browser?.close();
    await t?.close();
    removeOwnBuild();
    throw error;
  }
}

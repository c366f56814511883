import { accessSync, constants } from 'node:fs';
import { createConnection } from 'node:net';

/**
 * Integration and e2e suites need system packages (Chromium, GStreamer, coturn, PostgreSQL). Where one is
 * missing the suite is skipped LOUDLY on a developer machine, and under CI=true the run fails instead:
 * a green CI must mean the suite ran.
 */
export const inCI = process.env.CI === 'true';

export function requireOrSkip(what: string, available: boolean, hint: string): boolean {
  if (available) return true;
  const message = `[screenvisit] ${what} is not available (${hint}).`;
  if (inCI) throw new Error(`${message} CI=true: failing instead of skipping.`);
  console.warn(`\n${'!'.repeat(80)}\n${message} SKIPPING this suite.\n${'!'.repeat(80)}\n`);
  return false;
}

export function executableExists(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return requireOrSkip(
    'Chromium',
    executableExists(CHROMIUM_PATH),
    `apt-get install chromium, or set CHROMIUM_PATH`,
  );
}

export function tcpReachable(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The real PostgreSQL server for the shared DB suite (trust auth, database `test`). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/**
 * Chromium as a Danish user's browser runs: its UI locale is Danish, so `<input type="time">` shows "23.30"
 * (24-hour), not "11:30 PM" from this machine's en-US. On Linux Chromium takes its UI locale from LANGUAGE
 * (`--lang` is ignored there) and needs Debian's chromium-l10n for the Danish pack (.ci/run installs it;
 * without it Chromium stays en-US and nothing else changes). Pair with the context option DANISH_LOCALE, which
 * sets navigator.language, Intl's default locale and Accept-Language.
 */
export const CHROMIUM_ENV: Record<string, string | undefined> = { ...process.env, LANGUAGE: 'da' };
export const DANISH_LOCALE = 'da-DK';

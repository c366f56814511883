import { readFileSync } from 'node:fs';

/** "screenvisit-kiosk/<version>", reported in the retained state and every heartbeat. */
export function softwareVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return `screenvisit-kiosk/${typeof pkg.version === 'string' ? pkg.version : 'unknown'}`.slice(0, 64);
  } catch {
    return 'screenvisit-kiosk/unknown';
  }
}

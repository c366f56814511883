/**
 * The console's light/dark theme (issue 10 §5): a bright white screen at 3 a.m. dazzles the person on watch and
 * lights up the room. The default is dark when the system asks for it (prefers-color-scheme) or when it is night
 * in municipal time (20:00-07:00 Europe/Copenhagen); a manual choice is kept in this browser and wins.
 */
export type Theme = 'light' | 'dark';

const KEY = 'sv.nightwatch.theme';
const NIGHT_FROM = 20;
const NIGHT_UNTIL = 7;

export function municipalHour(now: Date): number {
  const hour = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/Copenhagen',
  }).format(now);
  return Number(hour);
}

/** Pure: the theme for a stored choice, the system preference and the time. */
export function chooseTheme(stored: string | null, prefersDark: boolean, now: Date): Theme {
  if (stored === 'light' || stored === 'dark') return stored;
  if (prefersDark) return 'dark';
  const hour = municipalHour(now);
  return hour >= NIGHT_FROM || hour < NIGHT_UNTIL ? 'dark' : 'light';
}

export function initialTheme(): Theme {
  return chooseTheme(
    globalThis.localStorage?.getItem(KEY) ?? null,
    globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
    new Date(),
  );
}

export function applyTheme(theme: Theme, remember: boolean): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  if (remember) globalThis.localStorage?.setItem(KEY, theme);
}

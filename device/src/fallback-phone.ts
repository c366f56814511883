import type { CachedSettings } from './data-store.js';

/**
 * The switchboard number on the kiosk's "not reached" screen (screen-view.ts: "Ring i stedet til" and the number
 * in large digits). The cloud's number in `call.ended`/`call.refused` wins (it names the pool the call ended in);
 * without one (the kiosk is offline, the cloud never answered, nobody took the call in time) it is the number of
 * the button's pool from the pushed config, kept on disk with the other settings (not personal data). None set:
 * null, and the screen says "Prøv igen, eller brug din alarm." as before.
 */
export function fallbackPhoneShown(
  settings: CachedSettings,
  message: string | null,
  fromCloud: string | null = null,
): string | null {
  if (message !== 'night_watch_unreachable') return null;
  return fromCloud ?? settings.nightWatch.fallbackPhone ?? null;
}

/** The "not reached" screen with no word from the cloud (the button pressed offline): the config's number. */
export const notReachedScreen = (settings: CachedSettings) =>
  ({
    message: 'night_watch_unreachable',
    fallbackPhone: fallbackPhoneShown(settings, 'night_watch_unreachable'),
  }) as const;

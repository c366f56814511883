import type { CachedSettings } from './data-store.js';

/**
 * The switchboard number on the kiosk's "not reached" screen (screen-view.ts: "Ring i stedet til" and the number
 * in large digits). The cloud's number in `call.ended`/`call.refused` wins (it names the pool the call ended in);
 * without one (the kiosk is offline, the cloud never answered, nobody took the call in time) it is the number
 * from the pushed config, kept on disk with the other settings (not personal data). The cloud puts there the
 * number a call to the button's pool ends with when nobody takes it, that pool's fallback pools followed
 * (cloud/src/care/night-watch/fallback-phone.ts `chainFallbackPhoneOf`), so offline the kiosk shows the number
 * it would be given online: an evening pool that hands its nights to the municipality's night watch gives the
 * night watch's number, not its own. None set: null, and the screen says "Prøv igen, eller brug din alarm."
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

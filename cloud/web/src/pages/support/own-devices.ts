import type { Translate as T } from '../../shared/i18n-context.js';
import type { MunicipalFormat } from '../../shared/municipal-date.js';
import type { Credential } from './citizens-api.js';

/**
 * A browser a code bound to the citizen (their own phone, tablet or computer), as support reads it. The cloud
 * keeps no make, model or name for it (nothing personal; its label is always "browser"), so support tells them
 * apart by number and by when each was bound: "Nr. 1, koblet til 3. december 2026 kl. 14.05".
 */
export interface OwnDevice {
  readonly id: string;
  /** 1 for the first one bound, 2 for the next: a number stays the same when a newer one is bound or revoked. */
  readonly number: number;
  readonly boundAt: string;
  /** When it last started a session (at activation, then at each login from its cookie). */
  readonly lastLoginAt: string;
  readonly revokedAt: string | null;
}

/** Date and time, in full: a bound browser may be months old ("3. december 2026 kl. 14.05"). */
export const OWN_DEVICE_TIME = { dateStyle: 'long', timeStyle: 'short' } as const satisfies MunicipalFormat;

/** Numbered in the order they were bound (the cloud lists the newest first). */
export function numberDevices(credentials: readonly Credential[]): OwnDevice[] {
  return [...credentials]
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id))
    .map((c, i) => ({
      id: c.id,
      number: i + 1,
      boundAt: c.createdAt,
      lastLoginAt: c.lastUsedAt,
      revokedAt: c.revokedAt,
    }));
}

/** Formats an instant for the page: municipal time in its language, "(dansk tid)" where the browser's zone differs. */
export type When = (at: string) => string;

/** The lines of one item on the citizen's card. */
export function deviceLines(t: T, device: OwnDevice, when: When) {
  return {
    name: t('ownDevices.number', { number: device.number }),
    state: device.revokedAt
      ? t('ownDevices.revokedAt', { at: when(device.revokedAt) })
      : t('ownDevices.works'),
    bound: t('ownDevices.bound', { at: when(device.boundAt) }),
    lastLogin: t('ownDevices.lastLogin', { at: when(device.lastLoginAt) }),
  };
}

/**
 * The revoke button and its question. The button names the number (its accessible name is its text); the
 * question says which one by when it was bound, and what revoking does to it and what the citizen needs next.
 */
export function revokeQuestion(t: T, device: OwnDevice, name: string, when: When) {
  const number = device.number;
  return {
    label: t('ownDevices.revoke', { number }),
    title: t('ownDevices.revokeTitle', { number, name }),
    text: t('ownDevices.revokeText', { bound: when(device.boundAt), name }),
  };
}

/** The line above the list when nothing works now (none bound, or every one revoked); null while one works. */
export function devicesSummary(t: T, devices: readonly OwnDevice[], name: string): string | null {
  if (devices.length === 0) return t('ownDevices.none', { name });
  return devices.every((d) => d.revokedAt) ? t('ownDevices.noneActive', { name }) : null;
}

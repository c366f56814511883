import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';
import { z } from 'zod';
import type { CloudConfig } from '../kernel/config.js';

export const VAPID_FILE = 'vapid.json';

export interface VapidKeys {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly subject: string;
}

const Stored = z.object({
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/),
  privateKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

type VapidConfig = Pick<CloudConfig, 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT' | 'DATA_DIR'>;

/**
 * The application server's VAPID key pair (RFC 8292 §3): from the environment when both halves are set,
 * otherwise generated once and kept in DATA_DIR/vapid.json (mode 0600) so `npm start` works out of the box and
 * subscriptions survive a restart. Half a pair in the environment is a configuration error, not a fallback.
 */
export function loadVapidKeys(config: VapidConfig): VapidKeys & { generated: boolean } {
  const subject = config.VAPID_SUBJECT;
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY)
    return {
      publicKey: config.VAPID_PUBLIC_KEY,
      privateKey: config.VAPID_PRIVATE_KEY,
      subject,
      generated: false,
    };
  if (config.VAPID_PUBLIC_KEY || config.VAPID_PRIVATE_KEY)
    throw new Error(
      'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together (npx web-push generate-vapid-keys)',
    );
  const file = join(config.DATA_DIR, VAPID_FILE);
  const read = () => Stored.parse(JSON.parse(readFileSync(file, 'utf8')));
  try {
    return { ...read(), subject, generated: true };
  } catch {
    // absent (or unreadable): create below
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const keys = webpush.generateVAPIDKeys();
  try {
    // 'wx': never overwrite a pair another start already wrote (that would orphan every subscription).
    writeFileSync(file, `${JSON.stringify(keys)}\n`, { mode: 0o600, flag: 'wx' });
    return { ...keys, subject, generated: true };
  } catch {
    return { ...read(), subject, generated: true };
  }
}

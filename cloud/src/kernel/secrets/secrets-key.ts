import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudConfig } from '../config.js';

export const SECRETS_KEY_BYTES = 32;
export const SECRETS_KEY_FILE = 'secrets.key';

/**
 * The key that seals TOTP secrets: SECRETS_KEY when set; otherwise a random key generated once and kept in
 * DATA_DIR/secrets.key (mode 0600), which suits the demo and a single node. `generated` tells the caller to
 * warn: in production the key belongs in the environment (the same on every node), backed up apart from the DB.
 */
export function loadSecretsKey(config: Pick<CloudConfig, 'SECRETS_KEY' | 'DATA_DIR'>): {
  key: Buffer;
  generated: boolean;
} {
  if (config.SECRETS_KEY) return { key: Buffer.from(config.SECRETS_KEY, 'base64'), generated: false };
  const file = join(config.DATA_DIR, SECRETS_KEY_FILE);
  try {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === SECRETS_KEY_BYTES) return { key, generated: true };
  } catch {
    // absent: create below
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const key = randomBytes(SECRETS_KEY_BYTES);
  // 'wx': never overwrite a key another node or an earlier start already wrote (that would orphan secrets).
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, generated: true };
  } catch {
    return { key: Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), generated: true };
  }
}

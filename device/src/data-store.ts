import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Id, KioskDeviceConfig } from '@screenvisit/protocol';
import { z } from 'zod';
import { DeviceError } from './errors.js';

/**
 * What the kiosk keeps on disk, and nothing else:
 *   credential.json  deviceId + MQTT password, mode 0600
 *   config.json      the NON-PERSONAL part of the last applied config and its version
 * Contacts' display names are never written here: they live in memory only (docs/security.md). Files are
 * written atomically (temp file, fsync, rename) so a power cut leaves the old or the new file, never half.
 */
export const StoredCredential = z
  .object({ v: z.literal(1), deviceId: Id, mqttPassword: z.string().min(32).max(128) })
  .strict();
export type StoredCredential = z.infer<typeof StoredCredential>;

// Read as the kiosk reads a config (unknown keys ignored): a cache written by newer software (before a rollback)
// keeps its settings instead of being dropped as damaged.
export const CachedSettings = KioskDeviceConfig.omit({ contacts: true });
export type CachedSettings = z.infer<typeof CachedSettings>;

export const CachedConfig = z
  .object({ v: z.literal(1), configVersion: z.number().int().min(0), settings: CachedSettings })
  .strict();
export type CachedConfig = z.infer<typeof CachedConfig>;

const CREDENTIAL_FILE = 'credential.json';
const CONFIG_FILE = 'config.json';

export interface DataStore {
  readonly dir: string;
  readCredential(): Promise<StoredCredential | null>;
  writeCredential(credential: Omit<StoredCredential, 'v'>): Promise<void>;
  readConfig(): Promise<CachedConfig | null>;
  writeConfig(configVersion: number, settings: CachedSettings): Promise<void>;
  /** Erase credential, cached config and any other cache: the folder is left empty. */
  wipe(): Promise<void>;
}

export function createDataStore(
  dir: string,
  options: { onDamagedConfig?: (error: unknown) => void } = {},
): DataStore {
  const path = (file: string) => join(dir, file);

  async function readJson<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S> | null> {
    let text: string;
    try {
      text = await readFile(path(file), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw DeviceError.storageFailed(`read ${file}`, e);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw DeviceError.storageFailed(`parse ${file} (not JSON)`, e);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw DeviceError.storageFailed(`read ${file} (unexpected content)`);
    return parsed.data;
  }

  async function writeAtomically(file: string, data: unknown): Promise<void> {
    const target = path(file);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // 0600 from creation: there is no moment where another user could open the secret.
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      // fsync the folder so the rename itself survives a power cut.
      const folder = await open(dir, 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw DeviceError.storageFailed(`write ${file}`, e);
    }
  }

  return {
    dir,
    readCredential: () => readJson(CREDENTIAL_FILE, StoredCredential),
    writeCredential: (credential) => writeAtomically(CREDENTIAL_FILE, { v: 1, ...credential }),
    async readConfig() {
      try {
        return await readJson(CONFIG_FILE, CachedConfig);
      } catch (error) {
        // A damaged cache is harmless to drop: the cloud re-sends the current config from its outbox. It is
        // not a screen message (nothing for the citizen to do), but support sees it in the log.
        options.onDamagedConfig?.(error);
        return null;
      }
    },
    writeConfig: (configVersion, settings) =>
      writeAtomically(CONFIG_FILE, { v: 1, configVersion, settings: CachedSettings.parse(settings) }),
    async wipe() {
      // Unlinking does not scrub flash cells (SD cards wear-level); the credential is revoked in the cloud too,
      // so a recovered file is useless. Every entry goes, including temp files and future caches.
      try {
        const entries = await readdir(dir);
        await Promise.all(entries.map((entry) => rm(join(dir, entry), { recursive: true, force: true })));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw DeviceError.storageFailed('wipe the data folder', e);
      }
    },
  };
}

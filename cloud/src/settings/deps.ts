import type { CoreDeps, KioskConfigs } from '../kernel/ports.js';

/**
 * What the settings feature needs: the database and the clock, and the kiosks' config push, so a pool's fallback
 * number changed here reaches the kiosks whose night-watch button calls that pool (absent: nothing pushed).
 */
export type SettingsDeps = Pick<CoreDeps, 'db' | 'clock' | 'log'> & { readonly kioskConfigs?: KioskConfigs };

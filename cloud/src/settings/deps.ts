import type { CoreDeps } from '../kernel/ports.js';

/** What the settings feature needs: the database and the clock. */
export type SettingsDeps = Pick<CoreDeps, 'db' | 'clock'>;

import type { CoreDeps } from '../kernel/ports.js';

/** What the diagnostics feature needs: only the database and the clock (it reads, it never changes). */
export type DiagnosticsDeps = Pick<CoreDeps, 'db' | 'clock'>;

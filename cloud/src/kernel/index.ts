/**
 * The kernel, below every feature: errors, logger, config, version, who is asking (Principal), ICE URI parsing,
 * the HTTP helpers (problem responses, validation hook, route helpers, client IP, featureApp) and ports.ts, the
 * interfaces features use to reach each other. It imports no feature (depcruise `kernel-imports-no-feature`).
 */
export type * from './ports.js';

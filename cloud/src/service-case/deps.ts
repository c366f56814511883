import type { CoreDeps, ServiceEnd } from '../kernel/ports.js';

/**
 * What the service case feature needs: the core, and the ServiceEnd port (kernel/ports.ts) that node/ fills
 * with the existing actions of care, accounts and devices (never copies of them). Without it, ending a case
 * answers 503 rather than ending it half-way.
 */
export interface ServiceCaseDeps extends CoreDeps {
  readonly serviceEnd?: ServiceEnd;
}

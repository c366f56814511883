/**
 * service-case/ owns the citizen's service case as a transition table (transitions.ts) with its follow-up
 * schedule (follow-up.ts); not yet routed.
 */
import type { CoreDeps } from '../kernel/ports.js';

/**
 * What ending a case must do, as ports the wiring fills with the existing actions (never copies of them):
 * close the citizen's relations (care closeEnrolment), revoke credentials (accounts' Deactivator, kernel/ports.ts), and
 * ask for the lent kiosk back so it can be wiped and returned to stock (devices wipe/return).
 */
export interface CaseEndPorts {
  closeRelations(citizenId: string, at: Date): Promise<number>;
  revokeCredentials(citizenId: string, at: Date): Promise<void>;
  requestDeviceReturn(deviceId: string, at: Date): Promise<void>;
}

/**
 * What the service case feature needs. It is not yet persisted or routed (issue 13): node/ wires `caseEnd`
 * when the routes come, from the existing actions behind kernel/ports.ts.
 */
export interface ServiceCaseDeps extends CoreDeps {
  readonly caseEnd: CaseEndPorts;
}

import type { Clock } from '@screenvisit/protocol';
import type { CloudConfig } from '../config.js';
import type { Database } from '../db/index.js';
import type { ActivationDelivery } from '../delivery/index.js';
import type { DeviceService } from '../devices/service.js';
import type { Deactivator } from '../lifecycle/deactivator.js';
import type { Logger } from '../logger.js';

/** What the HTTP layer needs from the rest of the process; composed in server.ts, replaced in tests. */
export interface AppDeps {
  readonly config: CloudConfig;
  readonly db: Database;
  readonly broker: { ready(): boolean };
  readonly log: Logger;
  readonly clock: Clock;
  readonly version: string;
  /** Built browser clients (cloud/web/dist); null when not built. */
  readonly webRoot: string | null;
  /** Ends a person's or device's access at once (sessions, WebSocket, MQTT); routes answer 503 without it. */
  readonly deactivator?: Deactivator;
  /**
   * The call router's hooks for the care API (cloud/src/calls/router.ts): re-check live calls against the
   * permission service after a relation closes, and ring queued calls after a duty change. Absent: no-ops.
   */
  readonly callHooks?: {
    recheckPermissions(): Promise<number>;
    dutyChanged(poolUnitId: string): Promise<void>;
    /** The pool's waiting calls, head first; `waitingSince` in epoch ms. */
    queueOf(
      poolUnitId: string,
    ): Promise<{ callId: string; citizenId: string; waitingSince: number; position: number }[]>;
  };
  /** Loan-device management for support (cloud/src/devices); the routes answer 503 without it. */
  readonly devices?: DeviceService;
  /** The VAPID public key (cloud/src/push); the citizen push routes answer 503 without it. */
  readonly vapidPublicKey?: string;
  /** Sends citizens' activation codes (letter/SMS/Digital Post); built from config when absent. */
  readonly activationDelivery?: ActivationDelivery;
  /**
   * TEST/DEV ONLY: allow SSO identity providers on plain http:// (a local oidc-provider in tests). Set only by
   * code (startCloud's options), never from the environment, so production configuration cannot enable it.
   */
  readonly dangerouslyAllowHttpIdpForTests?: boolean;
}

import type { AccountsDeps } from '../accounts/deps.js';
import type { AuthDeps } from '../auth/deps.js';
import type { CareDeps } from '../care/deps.js';
import type { CitizensDeps } from '../citizens/deps.js';
import type { DevicesDeps } from '../devices/deps.js';
import type { BrokerHealth } from '../kernel/ports.js';
import type { PeopleDeps } from '../people/deps.js';
import type { PushDeps } from '../push/deps.js';
import type { ServiceCaseDeps } from '../service-case/deps.js';

/**
 * Everything the node hands its HTTP features: the union of the features' own Deps (node/ is the only place
 * that knows every feature), plus what the node's own routes (health, status, docs, web) read.
 */
export interface NodeDeps
  extends AuthDeps,
    CitizensDeps,
    AccountsDeps,
    CareDeps,
    DevicesDeps,
    PushDeps,
    PeopleDeps,
    ServiceCaseDeps {
  readonly broker: BrokerHealth;
  /** This process in a cluster (NODE_ID): shown by /readyz so a load balancer's view can be matched to logs. */
  readonly nodeId: string;
  /**
   * True while this node is fenced (it lost its cluster liveness in Redis, realtime/cluster/bus.ts): /readyz
   * answers 503 so the load balancer sends its clients to another node. Absent: a single node, never fenced.
   */
  readonly fenced?: () => boolean;
  readonly version: string;
  /** Built browser clients (cloud/web/dist); null when not built. */
  readonly webRoot: string | null;
}

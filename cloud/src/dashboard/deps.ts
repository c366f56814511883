import type { CoreDeps } from '../kernel/ports.js';

/** What the business-case dashboard and the VTV export need (issue 13): reads and an audit line, nothing more. */
export interface DashboardDeps extends CoreDeps {}

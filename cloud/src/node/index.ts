/**
 * One cloud node: start-cloud.ts builds the parts in one order and app.ts mounts every feature's sub-app; the
 * node's own routes (health, status, docs, web) and the demo seed live here. The only folder that knows every
 * feature.
 */
export { type RunningCloud, startCloud } from './start-cloud.js';

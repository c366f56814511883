import type { ConnectionRegistry } from '../../realtime/registry.js';

/**
 * A member's night-watch console sockets, on any node: those that declared `?surface=nightwatch` at open
 * (protocol SignallingSurface; the /nightwatch/ page does). Only these are rung for a pool's call and only these
 * make a member on duty reachable. A day page (the staff app) or any other page of theirs is not where anyone
 * watches for residents' calls: one left open at home, counted as "a console", kept the pool reachable (no SMS
 * to the responsible person) while a resident's button rang only a screen nobody was at. A console page loaded before
 * the declaration existed counts as none until it is reloaded: the pool is raised and its calls go to the
 * fallback, the safe side. Used by: presence (pool-presence.ts), the ring (pool-effects.ts) and the on-duty list's
 * "forbundet" (router.ts reachable).
 */
export function consoleOf(registry: ConnectionRegistry, staffId: string): string[] {
  return registry.connectionsOf({ kind: 'staff', id: staffId }, 'nightwatch');
}

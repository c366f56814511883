import { ClientMessage, EndReason } from '@screenvisit/protocol';
import { z } from 'zod';
import type { Logger } from '../kernel/logger.js';
import type { ClusterBus } from '../realtime/cluster/bus.js';
import type { CallStore } from './call-store.js';
import type { CallRouter } from './router.js';
import type { CallMessage, Endpoint } from './types.js';

/**
 * The call router across nodes (issue 14 §2). Every call has a home node (where it was placed, which holds its
 * machine and timers); this wraps a node's own router so that:
 * - a message about a call homed elsewhere (accept, decline, hang-up, rtc.*) is handed to its home node, which
 *   handles it exactly as if it had arrived there; replies reach the endpoint through the sender, which
 *   forwards to whichever node the endpoint is on. The night watch's first accept therefore runs on ONE node,
 *   behind claimNightWatchCall's conditional UPDATE, and the losing consoles on every node hear `call.taken`;
 * - what concerns calls anywhere (a tab or kiosk said hello or went away, a person's calls must end, a pool's
 *   duty changed) is applied here and on every other node, each to its own calls and pool routers;
 * - a member answering or ending a call homed elsewhere re-syncs this node's pools (busy there, not rung here);
 * - connections lost with a dead node count as closed (the survivors' calls drop to `reconnecting`, then end
 *   after the grace period unless the party comes back on a surviving node).
 * Registry frames and these frames go out on the same Redis connection, so another node has the connection's
 * registry entry before it handles its hello (bus.ts).
 */
export function clusterCallRouter(
  local: CallRouter,
  deps: {
    readonly bus: ClusterBus;
    readonly store: CallStore;
    readonly onLost: (handler: (connectionIds: string[]) => void) => void;
    /** Another node's call was answered or ended: who is free to ring changed. */
    readonly onBusyChanged: (handler: () => void) => void;
    readonly log: Logger;
  },
): CallRouter {
  const { bus, store } = deps;
  bus.on('call.handle', Handle, ({ from, message }) => void local.handle(from, message as CallMessage));
  bus.on('call.hello', Hello, ({ from, resumeToken }) => local.hello(from, resumeToken));
  bus.on('call.closed', Closed, ({ endpointId }) => local.endpointClosed(endpointId));
  bus.on('call.end_of', EndOf, ({ owner, reason }) => void local.endCallsOf(owner, reason));
  bus.on(
    'call.duty',
    Duty,
    ({ poolUnitId }) =>
      void local
        .dutyChanged(poolUnitId)
        .catch((error: unknown) => deps.log.error({ err: error, poolUnitId }, 'duty sync failed')),
  );
  deps.onLost((ids) => {
    for (const id of ids) local.endpointClosed(id);
  });
  deps.onBusyChanged(() => local.presenceChanged());

  return {
    ...local,
    async handle(from, message) {
      if (message.type !== 'call.place' && !store.get(message.callId)) {
        const home = store.nodeOf(message.callId);
        if (home !== undefined && home !== bus.nodeId) {
          bus.send(home, 'call.handle', { from, message });
          return;
        }
      }
      return local.handle(from, message);
    },
    hello(from, resumeToken) {
      local.hello(from, resumeToken);
      bus.send('all', 'call.hello', { from, ...(resumeToken ? { resumeToken } : {}) });
    },
    endpointClosed(endpointId) {
      local.endpointClosed(endpointId);
      bus.send('all', 'call.closed', { endpointId });
    },
    /** Counts this node's calls; the others end theirs on the frame. */
    endCallsOf(owner, reason) {
      const ended = local.endCallsOf(owner, reason);
      bus.send('all', 'call.end_of', { owner, reason });
      return ended;
    },
    async dutyChanged(poolUnitId) {
      bus.send('all', 'call.duty', { poolUnitId });
      await local.dutyChanged(poolUnitId);
    },
  };
}

const Party = z.object({ kind: z.enum(['staff', 'citizen']), id: z.string().min(1) });
const Owner = z.object({ kind: z.enum(['staff', 'citizen', 'device']), id: z.string().min(1) });
const EndpointSchema = z.object({
  id: z.string().min(1),
  owner: Owner,
  party: Party,
  resumeToken: z.string().optional(),
}) satisfies z.ZodType<Endpoint>;
const CALL_TYPES = new Set<string>([
  'call.place',
  'call.accept',
  'call.decline',
  'call.hangup',
  'rtc.offer',
  'rtc.answer',
  'rtc.ice',
] satisfies CallMessage['type'][]);
const Handle = z.object({
  from: EndpointSchema,
  message: ClientMessage.refine((m) => CALL_TYPES.has(m.type), 'not a call message'),
});
const Hello = z.object({ from: EndpointSchema, resumeToken: z.string().optional() });
const Closed = z.object({ endpointId: z.string().min(1) });
const EndOf = z.object({ owner: Owner, reason: EndReason });
const Duty = z.object({ poolUnitId: z.string().min(1) });

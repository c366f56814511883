import type { CallState } from './call-machine.js';
import type { LiveCall } from './types.js';

/**
 * Live calls. A call lives on ONE node, its home: the node its caller placed it on, which holds the call's
 * machine and timers (memory, below). With two or more nodes (redis-call-store.ts) every node also knows every
 * other node's calls as plain summaries, so a message about a call homed elsewhere is forwarded there
 * (cluster.ts) and "is this person busy" sees the whole cluster. The night-watch first-accept-wins across
 * nodes is claimNightWatchCall in PostgreSQL; the accept itself runs on the call's home node.
 * INVARIANT: a call is in the store exactly while its machine is not `ended`, unless it was released to the
 * node adopting it (a drain, calls/handover.ts).
 */
export interface CallStore {
  add(call: LiveCall): void;
  /** This node's call (its home is here), or undefined. */
  get(callId: string): LiveCall | undefined;
  remove(callId: string): void;
  /** This node's calls. */
  all(): LiveCall[];
  /** The node a call's home is on (this node's id for its own calls); undefined when there is no such call. */
  nodeOf(callId: string): string | undefined;
  /** The call changed state or answerer: its summary is brought up to date. */
  update(call: LiveCall): void;
  /** Every live call on every node, as plain data. */
  summaries(): CallSummary[];
  /**
   * This node is drained: its calls leave this node's memory WITHOUT ending, their snapshots stay for the node
   * that adopts them (calls/handover.ts). One node: nobody adopts, so the router never releases there.
   */
  release(): void;
}

/** What other nodes know of a call: enough to forward to its home and to see who is busy. */
export interface CallSummary {
  readonly callId: string;
  readonly node: string;
  readonly callerId: string;
  readonly answererId: string | null;
  readonly state: CallState;
}

export const summaryOf = (call: LiveCall, node: string): CallSummary => ({
  callId: call.callId,
  node,
  callerId: call.caller.id,
  answererId: call.answerer?.endpoint.party.id ?? null,
  state: call.machine.state,
});

/** One node: `nodeId` is what nodeOf answers for its calls. */
export function createMemoryCallStore(nodeId = 'local'): CallStore {
  const calls = new Map<string, LiveCall>();
  return {
    add: (call) => void calls.set(call.callId, call),
    get: (callId) => calls.get(callId),
    remove: (callId) => void calls.delete(callId),
    all: () => [...calls.values()],
    nodeOf: (callId) => (calls.has(callId) ? nodeId : undefined),
    update: () => undefined,
    summaries: () => [...calls.values()].map((call) => summaryOf(call, nodeId)),
    release: () => calls.clear(),
  };
}

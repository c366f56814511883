import { z } from 'zod/mini';

/**
 * The server messages the console's call queue reads (flows in cloud/src/calls; the wire contract is
 * protocol/src/signalling.ts, mirrored with zod/mini so the browser bundle does not carry full zod). The
 * connection itself is the shared client (shared/call: SignallingClient + CallSession).
 */
const Party = z.object({ kind: z.enum(['staff', 'citizen', 'device', 'pool']), id: z.string() });

const Incoming = z.object({
  type: z.literal('call.incoming'),
  callId: z.string(),
  from: Party,
  displayName: z.string(),
});
export const ConsoleMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), resumeToken: z.string() }),
  Incoming,
  z.object({ type: z.literal('call.ringing'), requestId: z.string(), callId: z.string() }),
  z.object({ type: z.literal('call.accepted'), callId: z.string(), by: Party }),
  // No name when this console was locked as the call was taken (issue 10 §1).
  z.object({ type: z.literal('call.taken'), callId: z.string(), byDisplayName: z.optional(z.string()) }),
  z.object({ type: z.literal('call.ended'), callId: z.string(), reason: z.string() }),
  z.object({ type: z.literal('call.refused'), requestId: z.string(), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ConsoleMessage = z.infer<typeof ConsoleMessage>;

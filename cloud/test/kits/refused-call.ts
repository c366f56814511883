import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type PartyRef, ServerMessage } from '@screenvisit/protocol';
import WebSocket from 'ws';
import { sessionFor } from '../fixtures.js';
import type { TestCloud } from '../test-cloud.js';

type Refusal = Extract<ServerMessage, { type: 'call.refused' }>;
type Ringing = Extract<ServerMessage, { type: 'call.ringing' }>;

/**
 * For tests only: "nobody can call her", asked over a real WebSocket with a real session. It places one call and
 * resolves with the cloud's refusal; should the call ring instead, it hangs up at once and fails. It never
 * accepts, offers or answers, so unlike the signalling test client (kits/calls.ts) it cannot ring a page into a
 * call with media, and an e2e file that uses it may still run beside another (test-support/e2e-groups.ts). Keep
 * it that way: whatever lets a call go on belongs in calls.ts.
 */
export async function placeRefusedCall(
  t: TestCloud,
  caller: { kind: 'staff' | 'citizen'; id: string; municipalityId: string },
  to: PartyRef,
  timeoutMs = 10_000,
): Promise<Refusal> {
  const { headers } = await sessionFor(t, caller);
  const ws = new WebSocket(`${t.base.replace('http', 'ws')}/ws`, {
    headers: { cookie: headers.cookie!, origin: t.base },
  });
  const send = (m: Record<string, unknown>) => ws.send(JSON.stringify({ v: 1, ...m }));
  const requestId = randomUUID();
  try {
    const answer = new Promise<Refusal | Ringing>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer to call.place in ${timeoutMs} ms`)),
        timeoutMs,
      );
      ws.on('message', (data) => {
        const parsed = ServerMessage.safeParse(JSON.parse(String(data)));
        if (!parsed.success) return reject(parsed.error);
        const m = parsed.data;
        if (m.type === 'welcome') send({ type: 'call.place', requestId, to });
        else if ((m.type === 'call.refused' || m.type === 'call.ringing') && m.requestId === requestId) {
          clearTimeout(timer);
          resolve(m);
        }
      });
    });
    answer.catch(() => undefined);
    await once(ws, 'open');
    send({ type: 'hello' });
    const m = await answer;
    if (m.type === 'call.ringing') {
      send({ type: 'call.hangup', callId: m.callId });
      throw new Error(`the call to ${to.kind} ${to.id} rang instead of being refused (hung up at once)`);
    }
    return m;
  } finally {
    ws.close();
  }
}

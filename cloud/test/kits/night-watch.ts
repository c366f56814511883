import { and, eq } from 'drizzle-orm';
import { grantCallPermission } from '../../src/care/index.js';
import { auditLogTable, citizenEnrolmentsTable } from '../../src/db/index.js';
import { POOL_UNREACHABLE } from '../../src/kernel/ports.js';
import { createCitizen } from '../fixtures.js';
import type { TestCloud } from '../test-cloud.js';
import { type Client, careWorld, connect, until } from './calls.js';

/**
 * For tests only: the preamble the night-watch suites share (calls/night-watch/*.int.test.ts, node/two-nodes-
 * night-watch.int.test.ts): a pool with watchA and watchB on duty (careWorld), watchA's console, the resident and
 * her call to the pool; a second resident to queue behind her; the pool's alerts; how a resident's call ended.
 */
export type CareWorld = Awaited<ReturnType<typeof careWorld>>;

/** The resident presses the night-watch button: resolves with the call's id once she hears it rings. */
export async function callThePool(resident: Client, poolUnitId: string, requestId: string): Promise<string> {
  resident.send({ type: 'call.place', requestId, to: { kind: 'pool', id: poolUnitId } });
  return (await resident.next('call.ringing', (m) => m.requestId === requestId)).callId;
}

/**
 * A new world (careWorld at `at`) whose resident's call to the pool rings at watchA's console, the pool's only
 * one (watchB is on duty with no console). Both sockets are real; the test closes them.
 */
export async function ringingAtWatchA(t: TestCloud, requestId: string, at?: Date) {
  const w = await careWorld(t, at);
  const a = await connect(t, w.watchA);
  const resident = await connect(t, w.resident);
  const callId = await callThePool(resident, w.pool.id, requestId);
  await a.next('call.incoming', (m) => m.callId === callId);
  return { w, a, resident, callId };
}

/** As ringingAtWatchA, and watchA's console took the call: the resident heard `call.accepted`. */
export async function answeredAtWatchA(t: TestCloud, requestId: string, at?: Date) {
  const ringing = await ringingAtWatchA(t, requestId, at);
  const { a, resident, callId } = ringing;
  a.send({ type: 'call.accept', callId });
  await resident.next('call.accepted', (m) => m.callId === callId);
  return ringing;
}

/** A second resident of the world's facility, 'Poul Beboer', who may call the night watch (to queue behind the first). */
export async function secondResident(t: TestCloud, w: CareWorld, now: number) {
  const db = t.cloud.db.db;
  const second = await createCitizen(t, w.municipalityId, { displayName: 'Poul Beboer' });
  const [enrolment] = await db
    .insert(citizenEnrolmentsTable)
    .values({ citizenId: second.id, unitId: w.facility.id, startedAt: new Date(now - 86_400_000) })
    .returning();
  await grantCallPermission(db, {
    municipalityId: w.municipalityId,
    enrolmentId: enrolment!.id,
    direction: 'citizen_to_night_watch',
    windows: null,
    at: new Date(now - 60_000),
  });
  return { kind: 'citizen' as const, id: second.id, municipalityId: w.municipalityId };
}

/** Who disables an account in these tests (the Deactivator's actor). */
export const SYSTEM_ACTOR = { kind: 'system' as const, id: null, ip: null };

/** A console's socket closes (a reload, a browser update, a network blip): resolves once node `t` counts it gone. */
export async function consoleGoes(t: TestCloud, closing: Client, staffId: string) {
  closing.ws.close();
  await until(() => !t.cloud.calls.reachable(staffId), 'the console closed');
}

/** The audit entries saying this pool became unreachable (the alert's SMS goes with them). */
export const unreachableEntries = (t: TestCloud, poolUnitId: string) =>
  t.cloud.db.db
    .select()
    .from(auditLogTable)
    .where(and(eq(auditLogTable.action, POOL_UNREACHABLE), eq(auditLogTable.targetId, poolUnitId)));

/** What ended a resident's call for her: refused (nobody reachable: the fallback's) or ended. */
export const endings = (c: { messages: { type: string }[] }) =>
  c.messages.filter((m) => m.type === 'call.refused' || m.type === 'call.ended');

/** watchA's console on node a and watchB's on node b, each seen from the other node. */
export async function consolesOnTwoNodes(two: { a: TestCloud; b: TestCloud }, w: CareWorld) {
  const onA = await connect(two.a, w.watchA);
  const onB = await connect(two.b, w.watchB);
  await until(
    () => two.b.cloud.calls.reachable(w.watchA.id) && two.a.cloud.calls.reachable(w.watchB.id),
    'consoles',
  );
  return { onA, onB };
}

/** A failure must not leave a call live: the resident's red button ends every call homed on `node`. */
export async function hangUpEverythingOn(node: TestCloud, resident: Client) {
  for (const { callId } of node.cloud.calls.liveCalls()) resident.send({ type: 'call.hangup', callId });
  await until(() => node.cloud.calls.liveCalls().length === 0, `no live call left on ${node.cloud.nodeId}`);
}

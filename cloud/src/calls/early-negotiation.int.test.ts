import { FakeClock } from '@screenvisit/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';

/**
 * Issue 15 §3, the cloud's half of "fast answer": while a call rings, the caller's offer, the callee page's
 * answer and both sides' ICE are relayed between the caller and the ONE browser page that rings, so the page
 * only attaches its tracks when the citizen answers. Anything else in the ringing state goes nowhere.
 */
const clock = new FakeClock(Date.now());
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ CALL_PERMISSION_RECHECK_SECONDS: '0' }, { clock });
});
afterAll(async () => {
  await t?.close();
});

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n';
const quiet = () => new Promise((r) => setTimeout(r, 150));

describe('rtc messages while a call rings', () => {
  it('go between the caller and the one ringing page, and its accept says the call is already negotiated', async () => {
    const w = await careWorld(t);
    const nurse = await connect(t, w.nurse);
    const page = await connect(t, w.home);
    const bystander = await connect(t, w.stranger);
    nurse.send({ type: 'call.place', requestId: 'e1', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await nurse.next('call.ringing');
    await page.next('call.incoming');

    nurse.send({ type: 'rtc.offer', callId, sdp: SDP });
    expect((await page.next('rtc.offer')).sdp).toBe(SDP);
    nurse.send({ type: 'rtc.ice', callId, candidate: null });
    await page.next('rtc.ice');
    page.send({ type: 'rtc.answer', callId, sdp: SDP });
    await nurse.next('rtc.answer');
    page.send({ type: 'rtc.ice', callId, candidate: null });
    await nurse.next('rtc.ice');
    bystander.send({ type: 'rtc.ice', callId, candidate: null });
    await bystander.next('error', (m) => m.code === 'unknown_call');
    expect(t.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'ringing' });

    page.send({ type: 'call.accept', callId });
    expect(await nurse.next('call.accepted')).toMatchObject({ callId, negotiated: true });
    expect(await page.next('call.accepted')).toMatchObject({ callId, negotiated: true });
    // Offer and answer were exchanged while it rang: the call counts as connected from the answer on.
    expect(t.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'in_call' });
    nurse.send({ type: 'call.hangup', callId });
    await page.next('call.ended');
    for (const c of [nurse, page, bystander]) c.ws.close();
  });

  it('are dropped when two pages ring, and the accept then asks the caller to offer again', async () => {
    const w = await careWorld(t);
    const nurse = await connect(t, w.nurse);
    const tab1 = await connect(t, w.home);
    const tab2 = await connect(t, w.home);
    nurse.send({ type: 'call.place', requestId: 'e2', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await nurse.next('call.ringing');
    await tab1.next('call.incoming');
    await tab2.next('call.incoming');

    nurse.send({ type: 'rtc.offer', callId, sdp: SDP });
    tab1.send({ type: 'rtc.answer', callId, sdp: SDP });
    await quiet();
    expect(tab1.has('rtc.offer') || tab2.has('rtc.offer')).toBe(false);
    expect(nurse.has('rtc.answer')).toBe(false);
    // A ringing page is a party of the call: its stray message is dropped, not answered as an unknown call.
    expect(tab1.has('error')).toBe(false);

    tab1.send({ type: 'call.accept', callId });
    const accepted = await nurse.next('call.accepted');
    expect(accepted.negotiated).toBeUndefined();
    expect(t.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'accepted' });
    nurse.send({ type: 'rtc.offer', callId, sdp: SDP });
    await tab1.next('rtc.offer');
    expect(t.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'connecting' });
    nurse.send({ type: 'call.hangup', callId });
    await tab1.next('call.ended');
    for (const c of [nurse, tab1, tab2]) c.ws.close();
  });

  it('do not count as negotiated when the page accepts before its answer', async () => {
    const w = await careWorld(t);
    const nurse = await connect(t, w.nurse);
    const page = await connect(t, w.home);
    nurse.send({ type: 'call.place', requestId: 'e3', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await nurse.next('call.ringing');
    await page.next('call.incoming');
    nurse.send({ type: 'rtc.offer', callId, sdp: SDP });
    await page.next('rtc.offer');
    page.send({ type: 'call.accept', callId });
    expect((await nurse.next('call.accepted')).negotiated).toBeUndefined();
    await until(() => page.has('call.accepted'), 'accepted on the page');
    nurse.send({ type: 'call.hangup', callId });
    await page.next('call.ended');
    for (const c of [nurse, page]) c.ws.close();
  });
});

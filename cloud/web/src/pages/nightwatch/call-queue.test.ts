import { describe, expect, it } from 'vitest';
import { type CallsState, callsReducer, initialCalls } from './call-queue.js';
import type { ConsoleMessage } from './console-messages.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const server = (s: CallsState, message: ConsoleMessage) => callsReducer(s, { type: 'server', message });
const incoming = (callId: string, place: string): ConsoleMessage => ({
  type: 'call.incoming',
  callId,
  from: { kind: 'citizen', id: `c-${callId}` },
  displayName: place,
});
/** The unlocked console read the caller's name (GET …/callers/{citizenId}). */
const named = (s: CallsState, callId: string, name: string) =>
  callsReducer(s, { type: 'caller', citizenId: `c-${callId}`, name });

describe('the console call queue', () => {
  it('holds only the place until the name is read, then names the caller', () => {
    let s = server(initialCalls, incoming(A, 'Solgården'));
    expect(s.queue).toEqual([expect.objectContaining({ name: '', place: 'Solgården' })]);
    s = named(s, A, 'Aase');
    expect(s.queue).toEqual([expect.objectContaining({ name: 'Aase', place: 'Solgården' })]);
  });

  it('names a call answered before its name was read (straight from the lock screen) once it is read', () => {
    let s = server(initialCalls, incoming(A, 'Solgården'));
    s = server(s, { type: 'call.accepted', callId: A, by: { kind: 'staff', id: 'me' } });
    expect(s.active).toMatchObject({ name: 'Solgården' });
    expect(named(s, A, 'Aase').active).toMatchObject({ name: 'Aase' });
  });

  it('queues several ringing calls and moves the one this console won into the call', () => {
    let s = named(
      named(server(server(initialCalls, incoming(A, 'Sol')), incoming(B, 'Sol')), A, 'Aase'),
      B,
      'Bent',
    );
    expect(s.queue.map((c) => c.name)).toEqual(['Aase', 'Bent']);
    s = callsReducer(s, { type: 'accepting', callId: A });
    s = server(s, { type: 'call.accepted', callId: A, by: { kind: 'staff', id: 'me' } });
    expect(s.active).toEqual({ callId: A, name: 'Aase', citizenId: `c-${A}` });
    expect(s.queue.map((c) => c.callId)).toEqual([B]);
  });

  it('shows "taken by" when a colleague won, keeps it through the end, and removes it only on expiry', () => {
    let s = server(initialCalls, incoming(A, 'Aase'));
    s = server(s, { type: 'call.taken', callId: A, byDisplayName: 'Ida' });
    s = server(s, { type: 'call.ended', callId: A, reason: 'taken_by_another' });
    expect(s.queue).toEqual([expect.objectContaining({ state: 'taken', takenBy: 'Ida' })]);
    expect(callsReducer(s, { type: 'expire', callId: A }).queue).toEqual([]);
  });

  it('marks a call ended unanswered as missed, and ignores a call that is not from a citizen', () => {
    let s = named(server(initialCalls, incoming(A, 'Sol')), A, 'Aase');
    s = server(s, { type: 'call.ended', callId: A, reason: 'no_answer' });
    expect(s).toMatchObject({ queue: [], notice: { kind: 'missed', name: 'Aase' } });
    const staff = server(initialCalls, {
      ...incoming(B, 'X'),
      from: { kind: 'staff', id: 'x' },
    } as ConsoleMessage);
    expect(staff.queue).toEqual([]);
  });

  it('says a call that rang while this person went off duty was passed on, not missed, whichever comes first', () => {
    const ringing = named(server(server(initialCalls, incoming(A, 'Sol')), incoming(B, 'Sol')), A, 'Aase');
    const leaving = callsReducer(ringing, { type: 'leaving' });
    // The server's end of this console's ring may come before or after the answer to "Gå af vagt".
    const s = server(leaving, { type: 'call.ended', callId: A, reason: 'no_answer' });
    expect(s.notice).toEqual({ kind: 'passedOn', name: 'Aase' });
    expect(s.queue.map((c) => c.callId)).toEqual([B]);
    // The press failed: still on duty, so a ring that then runs out is missed as ever.
    const stayed = callsReducer(leaving, { type: 'stayed' });
    expect(server(stayed, { type: 'call.ended', callId: A, reason: 'no_answer' }).notice).toEqual({
      kind: 'missed',
      name: 'Aase',
    });
    // A call that comes in after the press is not one that was passed on.
    const later = server(server(leaving, incoming('33333333-3333-4333-8333-333333333333', 'Sol')), {
      type: 'call.ended',
      callId: '33333333-3333-4333-8333-333333333333',
      reason: 'no_answer',
    });
    expect(later.notice).toMatchObject({ kind: 'missed' });
  });

  it('follows a call-back from placing to the call, and shows the refusal in plain words', () => {
    const back = {
      type: 'callBack' as const,
      requestId: 'r1',
      missedCallId: 'm1',
      citizenId: 'c1',
      name: 'Aase',
    };
    let s = callsReducer(initialCalls, back);
    s = server(s, { type: 'call.ringing', requestId: 'r1', callId: A });
    s = server(s, { type: 'call.accepted', callId: A, by: { kind: 'citizen', id: 'c1' } });
    expect(s).toMatchObject({ callBack: null, active: { callId: A, missedCallId: 'm1' } });
    const refused = server(callsReducer(initialCalls, back), {
      type: 'call.refused',
      requestId: 'r1',
      code: 'not_permitted',
      message: 'Du må ikke ringe til borgeren.',
    });
    expect(refused).toMatchObject({
      callBack: null,
      notice: { kind: 'refused', message: 'Du må ikke ringe til borgeren.' },
    });
  });

  it("says the connection was lost, not that the call is over, when the resident's kiosk lost its media", () => {
    const inCall = callsReducer(initialCalls, { type: 'resumed', callId: A, name: 'Aase' });
    // The kiosk's no-media watchdog hung up with reason failed (docs/protocol.md): she did not hang up herself.
    expect(server(inCall, { type: 'call.ended', callId: A, reason: 'failed' }).notice).toEqual({
      kind: 'lost',
      name: 'Aase',
    });
    expect(server(inCall, { type: 'call.ended', callId: A, reason: 'hung_up' }).notice).toEqual({
      kind: 'ended',
      name: 'Aase',
    });
    // The call session hears the end first in the console (use-console-link.ts): the same words from its reason.
    expect(callsReducer(inCall, { type: 'sessionEnded', callId: A, reason: 'failed' }).notice).toEqual({
      kind: 'lost',
      name: 'Aase',
    });
  });

  it('shows a call resumed after a reload as the call in progress, and its end when the session ends it', () => {
    let s = callsReducer(initialCalls, { type: 'resumed', callId: A, name: 'Aase' });
    expect(s.active).toEqual({ callId: A, name: 'Aase' });
    // The cloud confirms with call.accepted: still the same call, nothing ringing.
    s = server(s, { type: 'call.accepted', callId: A, by: { kind: 'staff', id: 'me' } });
    expect(s.active).toEqual({ callId: A, name: 'Aase' });
    expect(s.queue).toEqual([]);
    // Another call's end is not this one's.
    expect(callsReducer(s, { type: 'sessionEnded', callId: B }).active).toEqual({ callId: A, name: 'Aase' });
    s = callsReducer(s, { type: 'sessionEnded', callId: A });
    expect(s.active).toBeNull();
    expect(s.notice).toEqual({ kind: 'ended', name: 'Aase' });
  });
});

import {
  EndReason,
  SIGNALLING_VERSION as PROTOCOL_VERSION,
  type ClientMessage as ProtocolClientMessage,
  type ServerMessage as ProtocolServerMessage,
  RefusalCode,
  SIGNALLING_SURFACE_PARAM,
  SignallingSurface,
} from '@screenvisit/protocol';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type ClientMessage,
  END_REASONS,
  REFUSAL_CODES,
  type ServerMessage,
  SIGNALLING_SURFACES,
  SIGNALLING_VERSION,
} from './messages.js';
import { defaultSignallingUrl } from './signalling.js';

/**
 * The browser keeps its own zod/mini copy of the signalling contract (messages.ts: full zod would weigh on a
 * citizen's phone). This test fails when that copy drifts from protocol/src/signalling.ts (issue 9). The type
 * checks run in `npm run typecheck`; the value checks here.
 */
describe("the browser's copy of the signalling contract", () => {
  it('speaks the same version, end reasons and refusal codes as protocol/', () => {
    expect(SIGNALLING_VERSION).toBe(PROTOCOL_VERSION);
    expect([...END_REASONS].sort()).toEqual([...EndReason.options].sort());
    expect([...REFUSAL_CODES].sort()).toEqual([...RefusalCode.options].sort());
  });

  it("declares its socket's surface the way protocol/ reads it", () => {
    expect([...SIGNALLING_SURFACES].sort()).toEqual([...SignallingSurface.options].sort());
    const url = new URL(defaultSignallingUrl({ protocol: 'https:', host: 'sv.example' }, 'nightwatch'));
    expect(url.pathname).toBe('/ws');
    expect(url.searchParams.get(SIGNALLING_SURFACE_PARAM)).toBe('nightwatch');
    expect(defaultSignallingUrl({ protocol: 'http:', host: 'sv.example' })).toBe('ws://sv.example/ws');
  });

  it('knows exactly the message types protocol/ defines, in both directions, but the kiosk-only rtc.config', () => {
    // `rtc.config` carries STUN/TURN to a kiosk over MQTT (and answers its `rtc.config.request`); a browser fetches
    // GET /api/calls/ice-servers instead.
    expectTypeOf<ServerMessage['type']>().toEqualTypeOf<
      Exclude<ProtocolServerMessage['type'], 'rtc.config'>
    >();
    expectTypeOf<ClientMessage['type']>().toEqualTypeOf<
      Exclude<ProtocolClientMessage['type'], 'rtc.config.request'>
    >();
  });

  it('sends only messages protocol/ accepts (once the version is added)', () => {
    expectTypeOf<ClientMessage & { v: typeof PROTOCOL_VERSION }>().toExtend<ProtocolClientMessage>();
  });
});

import { DEVICE_PUBLISHES, DEVICE_SUBSCRIBES } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import {
  decodeInbound,
  INBOUND_CHANNELS,
  isInboundChannel,
  isOutboundChannel,
  OUTBOUND_CHANNELS,
} from './channels.js';

describe('broker channel tables', () => {
  it('cover exactly the channels the protocol lets a device publish and subscribe to', () => {
    expect(new Set(INBOUND_CHANNELS)).toEqual(DEVICE_PUBLISHES);
    expect(new Set(OUTBOUND_CHANNELS)).toEqual(DEVICE_SUBSCRIBES);
    expect(isInboundChannel('cmd')).toBe(false);
    expect(isOutboundChannel('state')).toBe(false);
    expect(isInboundChannel('toString')).toBe(false);
  });

  it('decodes a payload against its own channel only', () => {
    const hb = JSON.stringify({
      v: 1,
      uptimeS: 1,
      software: 'x',
      engine: 'none',
      at: '2026-03-01T10:00:00Z',
    });
    expect(decodeInbound('d', 'hb', hb).ok).toBe(true);
    const asState = decodeInbound('d', 'state', hb);
    expect(asState.ok).toBe(false);
  });
});

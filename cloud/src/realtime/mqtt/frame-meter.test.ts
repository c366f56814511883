import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MqttFrameMeter } from './frame-meter.js';

/** MQTT Remaining Length encoding [MQTT-2.2.3]. */
function remainingLength(n: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return bytes;
}

function packet(bodyLength: number): Uint8Array {
  return Uint8Array.from([0x30, ...remainingLength(bodyLength), ...new Array(bodyLength).fill(0x61)]);
}

function chunks(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= bytes.length) break;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  if (at < bytes.length) out.push(bytes.subarray(at));
  return out;
}

describe('MQTT frame meter', () => {
  it('lets through any run of packets within the limit, however the stream is split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 40 }),
        (lengths, sizes) => {
          const stream = Uint8Array.from(lengths.flatMap((n) => [...packet(n)]));
          const meter = new MqttFrameMeter(300);
          for (const chunk of chunks(stream, sizes)) expect(meter.feed(chunk)).toBeNull();
        },
      ),
    );
  });

  it('flags the first packet over the limit, even when its length bytes arrive one at a time', () => {
    const meter = new MqttFrameMeter(1_000);
    expect(meter.feed(packet(1_000))).toBeNull();
    const header = Uint8Array.from([0x30, ...remainingLength(10 * 1024 * 1024)]);
    const results = [...header].map((byte) => meter.feed(Uint8Array.of(byte)));
    expect(results.at(-1)).toBe('packet larger than 1000 bytes');
    // Sticky: the stream is cut, whatever follows.
    expect(meter.feed(Uint8Array.of(0))).toBe('packet larger than 1000 bytes');
  });

  it('flags a Remaining Length longer than four bytes as malformed', () => {
    const meter = new MqttFrameMeter(Number.MAX_SAFE_INTEGER);
    expect(meter.feed(Uint8Array.of(0x30, 0x80, 0x80, 0x80, 0x80))).toBe('malformed remaining length');
  });

  it('accepts exactly the limit and refuses one byte more', () => {
    expect(new MqttFrameMeter(500).feed(packet(500))).toBeNull();
    expect(new MqttFrameMeter(500).feed(packet(501))).toBe('packet larger than 500 bytes');
  });
});

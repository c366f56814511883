import bl from 'bl';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { leanParser, ParserBytes } from './lean-client.js';

const { BufferList } = bl;

afterEach(() => {
  vi.restoreAllMocks();
});

/** The same bytes in a plain bl list and in ours, split into the given chunks. */
function both(chunks: number[][]) {
  const plain = new BufferList();
  const ours = new ParserBytes();
  for (const chunk of chunks) {
    plain.append(Buffer.from(chunk));
    ours.append(Buffer.from(chunk));
  }
  return { plain, ours };
}

describe("the MQTT parser's byte list (issue 14: garbage per inbound packet)", () => {
  it('answers every read as bl does, inside the first chunk, across chunks, after consume and out of range', () => {
    const { plain, ours } = both([
      [0x30, 0x82, 0x01],
      [0x00, 0x0a],
      [0x61, 0x62, 0xc3, 0xa6, 0x64, 0xff],
    ]);
    for (const list of [plain, ours]) list.consume(1);
    for (let offset = -1; offset <= plain.length + 1; offset++) {
      for (const read of ['readUInt8', 'readUInt16BE', 'readUInt32BE'] as const) {
        const answer = (list: InstanceType<typeof BufferList>) => {
          try {
            return list[read](offset);
          } catch (error) {
            return (error as Error).name;
          }
        };
        expect(answer(ours), `${read}(${offset})`).toEqual(answer(plain));
      }
      for (let end = offset; end <= plain.length + 1; end++)
        expect(ours.toString('utf8', offset, end), `toString(${offset}, ${end})`).toBe(
          plain.toString('utf8', offset, end),
        );
    }
    expect(ours.toString()).toBe(plain.toString());
  });

  it('reads numbers and strings within the first chunk without slicing a Buffer for them', () => {
    const slice = vi.spyOn(BufferList.prototype, 'slice');
    const { ours } = both([[0x00, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x12, 0x34, 0x56, 0x78]]);
    expect(ours.readUInt8(0)).toBe(0);
    expect(ours.readUInt16BE(0)).toBe(5);
    expect(ours.toString('utf8', 2, 7)).toBe('hello');
    expect(ours.readUInt32BE(7)).toBe(0x12345678);
    expect(slice).not.toHaveBeenCalled();
  });

  it('is what leanParser gives the parser, and the parser reads packets through it', () => {
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    leanParser({ _parser: parser });
    expect((parser as unknown as { _list: unknown })._list).toBeInstanceOf(ParserBytes);
    const packets: mqttPacket.Packet[] = [];
    parser.on('packet', (packet) => packets.push(packet));
    const publish = mqttPacket.generate({
      cmd: 'publish',
      topic: 'sv/v1/d/0b0c6a53-6f5e-4a3b-9d8e-3d2a1f0e9c7b/ack',
      payload: Buffer.from('{"v":1}'),
      qos: 1,
      messageId: 513,
      retain: false,
      dup: false,
    });
    const puback = mqttPacket.generate({ cmd: 'puback', messageId: 65535 });
    // One read holding both, then the same two split byte by byte.
    parser.parse(Buffer.concat([publish, puback]));
    for (const byte of Buffer.concat([publish, puback])) parser.parse(Buffer.from([byte]));
    expect(packets.map((p) => [p.cmd, p.messageId, (p as { topic?: string | null }).topic ?? null])).toEqual([
      ['publish', 513, 'sv/v1/d/0b0c6a53-6f5e-4a3b-9d8e-3d2a1f0e9c7b/ack'],
      ['puback', 65535, null],
      ['publish', 513, 'sv/v1/d/0b0c6a53-6f5e-4a3b-9d8e-3d2a1f0e9c7b/ack'],
      ['puback', 65535, null],
    ]);
  });
});

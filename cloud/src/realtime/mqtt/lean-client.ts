import bl from 'bl';

const { BufferList } = bl;

/**
 * The parts of an aedes 1.x client this file trims; its .d.ts declares none of them (lib/client.js).
 * mqtt-packet 9's parser keeps the bytes not yet parsed in `_list` and the CONNECT packet in `settings`
 * (parser.js `_resetState`, `_parseConnect`).
 */
interface ParserInternals {
  _list: unknown;
  settings: { protocolVersion?: number; bridgeMode?: boolean };
}
interface ClientInternals {
  _parser?: ParserInternals;
}

/**
 * The parser's byte list without a Buffer per number read (issue 14, 2026-12-06 branch pushalloc). bl reads
 * every integer by slicing a new Buffer view of its bytes (`readUInt8(i)` is `slice(i, i + 1).readUInt8(0)`,
 * each slice with an `[index, offset]` array), and mqtt-packet reads a packet's first byte, its length bytes,
 * its packet id and its topic's length that way: with the string reads (`toString` slices too) that was ~4 % of
 * the bytes a bulk push allocated, in every inbound packet (docs/performance.md). A number or string lying
 * within the first buffer (nearly always: a read starts at the list's head) is read from that buffer directly;
 * anything else takes bl's own path, so every answer, and every RangeError, is bl's.
 */
export class ParserBytes extends BufferList {}

type Bytes = InstanceType<typeof BufferList> & { _bufs: Buffer[] };
const plain = BufferList.prototype;

/** The list's first buffer, if it holds bytes [offset, offset + count) of the list. */
function head(list: Bytes, offset: number, count: number): Buffer | undefined {
  const first = list._bufs[0];
  return first !== undefined && offset >= 0 && offset + count <= first.length ? first : undefined;
}

// On the prototype, not as class methods: bl's .d.ts declares these as properties (TS2425), and per-instance
// functions would cost every connection memory.
Object.assign(ParserBytes.prototype, {
  readUInt8(this: Bytes, offset = 0): number {
    return head(this, offset, 1)?.[offset] ?? plain.readUInt8.call(this, offset);
  },
  readUInt16BE(this: Bytes, offset = 0): number {
    return head(this, offset, 2)?.readUInt16BE(offset) ?? plain.readUInt16BE.call(this, offset);
  },
  readUInt32BE(this: Bytes, offset = 0): number {
    return head(this, offset, 4)?.readUInt32BE(offset) ?? plain.readUInt32BE.call(this, offset);
  },
  toString(this: Bytes, encoding?: BufferEncoding, start?: number, end?: number): string {
    if (typeof start === 'number' && typeof end === 'number' && end >= start) {
      const first = head(this, start, end - start);
      if (first !== undefined) return first.toString(encoding, start, end);
    }
    return plain.toString.call(this, encoding, start, end);
  },
});

/**
 * Per-connection memory an idle kiosk does not need (issue 14: ≤ 20 KB per idle kiosk on one node).
 *
 * mqtt-packet gives every parser a `BufferListStream` (bl's Duplex: a Readable and a Writable state, an event
 * emitter, five arrays), yet the parser only appends, reads and consumes bytes: the plain `BufferList` that
 * stream is built on has every method it calls (bl.js copies BufferList's prototype onto the stream). It is
 * swapped before the first byte is parsed; after a parse error mqtt-packet makes a new stream and aedes closes
 * the connection anyway.
 */
export function leanParser(client: unknown): void {
  const parser = (client as ClientInternals)._parser;
  if (parser !== undefined) parser._list = new ParserBytes();
}

/**
 * After CONNECT the parser keeps the whole CONNECT packet as `settings` for the connection's life, and reads
 * only `protocolVersion` and `bridgeMode` from it. The packet holds the client id, username, the (zeroed)
 * password and, through it, the socket chunk it was read from: for an idle kiosk that is its largest single
 * piece of garbage-that-is-not. aedes keeps what it needs of CONNECT on the client itself (id, clean,
 * keepalive, will), so only the two fields are kept.
 */
export function dropConnectPacket(client: unknown): void {
  const parser = (client as ClientInternals)._parser;
  if (parser === undefined) return;
  const { protocolVersion, bridgeMode } = parser.settings;
  parser.settings = bridgeMode === undefined ? { protocolVersion } : { protocolVersion, bridgeMode };
}

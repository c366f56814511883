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
  if (parser !== undefined) parser._list = new BufferList();
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

import { Writable } from 'node:stream';

type WriteCallback = (error?: Error | null) => void;
/** Writable's own write, as one signature (its .d.ts overloads defeat `call`). */
const streamWrite: (
  this: Writable,
  chunk: unknown,
  encoding?: BufferEncoding,
  callback?: WriteCallback,
) => boolean = Writable.prototype.write as never;
const streamUncork = Writable.prototype.uncork;

const pieces = Symbol('pieces');
const pieceBytes = Symbol('pieceBytes');

type Piece = Buffer | string;
interface WritableState {
  corked: number;
  destroyed: boolean;
  ending: boolean;
  length: number;
  highWaterMark: number;
}

/** A stream whose writes while corked are kept here, not in the stream's own buffer. */
interface PacketStream extends Writable {
  [pieces]: Piece[] | null;
  [pieceBytes]: number;
}

/**
 * Makes every MQTT packet that aedes writes to `conn` reach it as ONE buffer and one `write`. Used on MQTT over
 * WebSocket only (transports.ts): there it halves the write path's CPU; on a TCP socket, where the corked pieces
 * already leave in one `writev`, no gain was shown (docs/performance.md, 2026-12-05 21:50–22:27 UTC, branch
 * `pushwire`), so TCP keeps mqtt-packet's own path.
 *
 * aedes (lib/write.js) hands each outgoing packet to mqtt-packet's `writeToStream`, which corks the stream,
 * writes the packet in pieces (a PUBLISH: header, remaining length, topic length, topic, packet id, payload;
 * a PUBACK: header, length, packet id) and uncorks on the next tick. On a socket that is one `writev` of up to
 * six small buffers (strings converted in C++) after six trips through the Writable's bookkeeping; on a
 * WebSocket stream (ws' `createWebSocketStream` has no `_writev`) it is one WebSocket message per piece. Here
 * the pieces written while the stream is corked are collected and, when it is uncorked, written as one buffer,
 * as mqtt-packet's own `generate` would build it. aedes offers no hook for its writes; the stream it is handed
 * is the seam.
 *
 * What stays as it was:
 * - Order [MQTT-4.6.0-6]: pieces go out in the order written, packets in the order aedes wrote them; anything
 *   the stream already buffered goes out first, since the collected buffer is written after the real uncork
 *   (or into the still-corked stream when corks are nested).
 * - Backpressure: each collecting `write` returns what the corked stream itself would return
 *   (its buffered length + the bytes collected < its high-water mark), and the one real write of those bytes
 *   follows in the same tick, before any write can complete, so it sees the same length and sets the stream's
 *   `needDrain` exactly when a piece returned false: aedes' wait for 'drain' (client.waitForDrain) still ends.
 * - `end()` uncorks through `uncork` (Writable.end), so nothing collected is lost; `destroy()` drops what is
 *   collected, as it drops a corked stream's buffer. A write to an ended or destroyed stream goes to the stream
 *   itself, which reports the error.
 */
export function wholePacketWrites(conn: Writable): void {
  // Only a stream whose write and uncork are Writable's (net.Socket, ws' Duplex) is wrapped: the shim relies on
  // their corked semantics.
  if (conn.write !== streamWrite || conn.uncork !== streamUncork) return;
  const stream = conn as PacketStream;
  stream[pieces] = null;
  stream[pieceBytes] = 0;
  stream.write = collectingWrite as Writable['write'];
  stream.uncork = flushingUncork;
}

function collectingWrite(
  this: PacketStream,
  chunk: unknown,
  encoding?: BufferEncoding | WriteCallback,
  callback?: WriteCallback,
): boolean {
  // Node's Writable state (lib/internal/streams/writable.js), read once instead of through three getters; the
  // stream is known to be a plain Writable (wholePacketWrites checks its write and uncork).
  const state = (this as unknown as { _writableState: WritableState })._writableState;
  if (
    state.corked === 0 ||
    state.destroyed ||
    state.ending ||
    typeof encoding === 'function' ||
    callback !== undefined ||
    !(typeof chunk === 'string' || Buffer.isBuffer(chunk))
  ) {
    // A callback is the caller's way to learn when its bytes are out: let the stream keep it (flushing what was
    // collected before, so the order holds). mqtt-packet passes none.
    flush(this);
    return streamWrite.call(this, chunk, encoding as BufferEncoding, callback);
  }
  let piece: Piece = chunk;
  let bytes: number;
  if (typeof chunk === 'string') {
    if (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8') {
      bytes = Buffer.byteLength(chunk);
    } else {
      piece = Buffer.from(chunk, encoding);
      bytes = piece.length;
    }
  } else bytes = chunk.length;
  const list = this[pieces];
  if (list === null) this[pieces] = [piece];
  else list.push(piece);
  this[pieceBytes] += bytes;
  return state.length + this[pieceBytes] < state.highWaterMark;
}

function flushingUncork(this: PacketStream): void {
  if (this.writableCorked > 1) {
    // Nested corks: the outer uncork sends it all; the collected bytes wait in the stream's buffer, in order.
    flush(this);
    streamUncork.call(this);
    return;
  }
  const packet = take(this);
  streamUncork.call(this);
  if (packet !== null) streamWrite.call(this, packet);
}

function flush(stream: PacketStream): void {
  const packet = take(stream);
  // A destroyed stream has dropped its own buffer too; the write would only report the error again.
  if (stream.destroyed) return;
  if (packet !== null) streamWrite.call(stream, packet);
}

/** The collected pieces as one buffer (null when none), the collection emptied. */
function take(stream: PacketStream): Buffer | null {
  const list = stream[pieces];
  if (list === null) return null;
  const total = stream[pieceBytes];
  stream[pieces] = null;
  stream[pieceBytes] = 0;
  const packet = Buffer.allocUnsafe(total);
  let at = 0;
  for (const piece of list) {
    if (typeof piece === 'string') at += packet.write(piece, at);
    else {
      packet.set(piece, at);
      at += piece.length;
    }
  }
  return packet;
}

import type { Duplex } from 'node:stream';
import { MAX_FRAME_BYTES } from '@screenvisit/protocol';

/**
 * Largest MQTT packet accepted, counted as the fixed header's Remaining Length [MQTT-2.2.3]: a payload of
 * MAX_FRAME_BYTES plus room for the topic, packet id and, in CONNECT, client id, will and credentials.
 */
export const MAX_PACKET_BYTES = MAX_FRAME_BYTES + 1024;

type MeterState = 'type' | 'length' | 'body';

/**
 * Follows MQTT packet boundaries in a byte stream and reports the first packet that declares a Remaining
 * Length above the limit. aedes (mqtt-packet) has no size limit and buffers a packet whole before parsing
 * it, so without this a client, even before it authenticates, could make the broker hold gigabytes.
 */
export class MqttFrameMeter {
  #state: MeterState = 'type';
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;
  #remaining = 0;
  #failure: string | null = null;

  constructor(readonly maxRemainingLength: number = MAX_PACKET_BYTES) {}

  /** Returns null while every packet fits, otherwise (and from then on) why the stream must be cut. */
  feed(chunk: Uint8Array): string | null {
    let i = 0;
    while (this.#failure === null && i < chunk.length) {
      switch (this.#state) {
        case 'type':
          i += 1;
          this.#state = 'length';
          this.#length = 0;
          this.#multiplier = 1;
          this.#lengthBytes = 0;
          break;
        case 'length': {
          const byte = chunk[i++] as number;
          this.#length += (byte & 0x7f) * this.#multiplier;
          this.#multiplier *= 128;
          this.#lengthBytes += 1;
          // The bytes read so far are a lower bound on the length, so the check can come early.
          if (this.#length > this.maxRemainingLength) {
            this.#failure = `packet larger than ${this.maxRemainingLength} bytes`;
          } else if ((byte & 0x80) === 0) {
            this.#remaining = this.#length;
            this.#state = this.#length === 0 ? 'type' : 'body';
          } else if (this.#lengthBytes === 4) {
            // [MQTT-2.2.3]: Remaining Length takes at most four bytes.
            this.#failure = 'malformed remaining length';
          }
          break;
        }
        case 'body': {
          const take = Math.min(this.#remaining, chunk.length - i);
          i += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = 'type';
          break;
        }
      }
    }
    return this.#failure;
  }
}

/**
 * Watch what aedes reads from a connection and destroy it when a packet is too large. Attach AFTER
 * aedes.handle(conn): aedes reads through 'readable' + read(), and while a 'readable' listener exists a
 * 'data' listener only observes the chunks read() returns (Node stream docs, "Choose one API style"),
 * so this never changes aedes's flow. aedes parses at most the chunk in hand before the close lands.
 */
export function guardFrames(
  conn: Duplex,
  onTooLarge: (reason: string) => void,
  max = MAX_PACKET_BYTES,
): void {
  const meter = new MqttFrameMeter(max);
  conn.on('data', (chunk: Buffer) => {
    const failure = meter.feed(chunk);
    if (failure !== null && !conn.destroyed) {
      onTooLarge(failure);
      conn.destroy();
    }
  });
}

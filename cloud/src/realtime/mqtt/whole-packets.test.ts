import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import mqttPacket, { type IPubackPacket, type IPublishPacket } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { createWebSocketStream, WebSocket, WebSocketServer } from 'ws';
import { wholePacketWrites } from './whole-packets.js';

const publish = {
  cmd: 'publish',
  topic: 'sv/v1/devices/kiosk-1/cmd',
  payload: Buffer.from('{"type":"config.apply","id":"c-1"}'),
  qos: 1,
  messageId: 42,
  dup: false,
  retain: false,
} satisfies IPublishPacket;
const puback = { cmd: 'puback', messageId: 7 } satisfies IPubackPacket;

/** What reaches the stream's implementation: one entry per `_write` or `_writev` call, with its chunks. */
class RecordingStream extends Writable {
  readonly calls: Buffer[][] = [];
  readonly held: Array<() => void> = [];
  constructor(
    highWaterMark = 16_384,
    private readonly hold = false,
  ) {
    super({ highWaterMark });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.calls.push([chunk]);
    if (this.hold) this.held.push(() => done());
    else done();
  }
  override _writev(chunks: Array<{ chunk: Buffer }>, done: (error?: Error | null) => void): void {
    this.calls.push(chunks.map((c) => c.chunk));
    if (this.hold) this.held.push(() => done());
    else done();
  }
  bytes(): Buffer {
    return Buffer.concat(this.calls.flat());
  }
}

const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe('wholePacketWrites', () => {
  it('hands a PUBLISH written by mqtt-packet to the stream as one buffer in one write', async () => {
    const stream = new RecordingStream();
    wholePacketWrites(stream);
    expect(mqttPacket.writeToStream(publish, stream)).toBe(true);
    expect(stream.calls).toEqual([]); // still corked until mqtt-packet's next-tick uncork
    await nextTick();
    expect(stream.calls).toHaveLength(1);
    expect(stream.calls[0]).toHaveLength(1);
    expect(stream.calls[0]?.[0]).toEqual(mqttPacket.generate(publish));
  });

  it('keeps two packets of one tick whole and in the order written [MQTT-4.6.0-6]', async () => {
    const stream = new RecordingStream();
    wholePacketWrites(stream);
    mqttPacket.writeToStream(publish, stream);
    mqttPacket.writeToStream(puback, stream);
    await nextTick();
    await nextTick();
    expect(stream.bytes()).toEqual(
      Buffer.concat([mqttPacket.generate(publish), mqttPacket.generate(puback)]),
    );
    // Nested corks (one per packet): what both wrote before the first uncork goes out as one buffer.
    expect(stream.calls).toHaveLength(1);
    expect(stream.calls[0]).toHaveLength(1);
  });

  it('returns false when the packet fills the buffer, and the stream emits drain once it is written', async () => {
    const stream = new RecordingStream(32, true);
    wholePacketWrites(stream);
    const drained = once(stream, 'drain');
    // 71 bytes against a high-water mark of 32: the same answer the corked stream itself gives.
    expect(mqttPacket.writeToStream(publish, stream)).toBe(false);
    await nextTick();
    expect(stream.calls).toEqual([[mqttPacket.generate(publish)]]);
    expect(stream.writableNeedDrain).toBe(true);
    for (const done of stream.held.splice(0)) done();
    await drained;
    expect(stream.writableLength).toBe(0);
  });

  it('answers every write as the plain corked stream does', async () => {
    const answers = async (wrap: boolean) => {
      const stream = new RecordingStream(100, true);
      if (wrap) wholePacketWrites(stream);
      const got: boolean[] = [];
      for (let i = 0; i < 4; i += 1) {
        got.push(mqttPacket.writeToStream(i % 2 === 0 ? publish : puback, stream));
        await nextTick();
      }
      return got;
    };
    expect(await answers(true)).toEqual(await answers(false));
    // mqtt-packet answers true for any PUBACK (writeToStream.js `confirmation`); a PUBLISH past the mark, false.
    expect(await answers(true)).toEqual([true, true, false, true]);
  });

  it('loses nothing collected when the stream is ended in the same tick', async () => {
    const stream = new RecordingStream();
    wholePacketWrites(stream);
    mqttPacket.writeToStream(puback, stream);
    stream.end();
    await once(stream, 'finish');
    expect(stream.bytes()).toEqual(mqttPacket.generate(puback));
  });

  it('sends one WebSocket message per MQTT packet over MQTT over WebSocket', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const { port } = http.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    const messages: Buffer[] = [];
    client.on('message', (data) => messages.push(data as Buffer));
    const [ws] = (await once(wss, 'connection')) as [WebSocket];
    const stream = createWebSocketStream(ws);
    wholePacketWrites(stream);
    mqttPacket.writeToStream(publish, stream);
    mqttPacket.writeToStream(puback, stream);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages).toEqual([Buffer.concat([mqttPacket.generate(publish), mqttPacket.generate(puback)])]);
    client.terminate();
    wss.close();
    http.close();
  });
});

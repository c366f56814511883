import { connectAsync, type MqttClient } from 'mqtt';
import { ackedEvery } from '../../../device/src/heartbeat.js';
import { KEEPALIVE_SECONDS } from '../../../device/src/mqtt-session.js';

/** One simulated kiosk: an idle MQTT.js client that acks every command, as the agent does. */
export interface FleetDevice {
  readonly id: string;
  readonly secret: string;
}

const topic = (id: string, channel: string) => `sv/v1/d/${id}/${channel}`;

/**
 * N idle kiosks in this process, speaking the kiosk's protocol: CONNECT (clean: false, the agent's keepalive),
 * SUBSCRIBE cmd + sig/down, PUBLISH state (QoS 1, retain as the agent sets it), heartbeats every 30 s (QoS 0, one per
 * keepalive QoS 1, device/src/heartbeat.ts ackedEvery), and an ack (at `ackQos`) for every command received. The bench
 * MUST mirror the agent's keepalive and heartbeat QoS (imported from device/src, not copied): together they decide
 * whether a kiosk sends PINGREQs (issue 14, docs/operations.md "Keepalive and heartbeats"). Counts acknowledged
 * acks, so "pushed and acked" is measured on the wire: with the cloud, an ack's PUBACK now means the cloud has
 * written it (issue 14 item 5).
 */
export class Fleet {
  readonly clients: { readonly id: string; readonly client: MqttClient }[] = [];
  acked = 0;
  received = 0;
  /** CONNECTs refused (e.g. 'server unavailable' when the credential check timed out) and retried. */
  retries = 0;
  #onAck: (() => void) | null = null;
  /** Signalling for the kiosk (`sig/down`), e.g. call.incoming in the soak; commands never come this way. */
  onSignal: ((deviceId: string, message: Record<string, unknown>, client: MqttClient) => void) | null = null;
  #heartbeats: NodeJS.Timeout[] = [];
  /** Packets the kiosks sent and received since startHeartbeats, by MQTT command (pingreq, puback, …). */
  readonly packets = { sent: new Map<string, number>(), received: new Map<string, number>() };

  /**
   * @param ackQos the QoS of the kiosks' acks: the agent's (protocol ACK_QOS: 0 for config.apply) against the cloud,
   * where the bench then waits for the outbox to settle (settled.ts); 1 for Mosquitto's reference push, whose
   * PUBACK then ends it. At 0 `acked` counts acks written, not received.
   */
  constructor(
    readonly url: string,
    readonly devices: readonly FleetDevice[],
    public ackQos: 0 | 1 = 1,
  ) {}

  /** Connects every device, `inFlight` at a time; resolves with the seconds from first CONNECT to last state PUBACK. */
  async connectAll(inFlight: number): Promise<number> {
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < this.devices.length) {
        const device = this.devices[next++]!;
        // A refused or timed-out CONNECT is retried after 1 s, as a kiosk would (with backoff); counted.
        for (let attempt = 1; ; attempt++) {
          try {
            this.clients.push({ id: device.id, client: await this.#connect(device) });
            break;
          } catch (error) {
            this.retries += 1;
            if (attempt === 5) throw error;
            await new Promise((r) => setTimeout(r, 1_000));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return (performance.now() - started) / 1000;
  }

  /**
   * Milliseconds per CONNECT for each step (CONNACK, SUBACK, the state's PUBACK), one entry per connection: a
   * stall shows which step held it (the credential check is before the CONNACK, the state write before its PUBACK).
   */
  readonly phases = { connack: [] as number[], suback: [] as number[], statePuback: [] as number[] };

  /** "p50/p99/max" in ms of each step of the connections so far. */
  phaseSummary(): string {
    const stat = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return `${at(0.5).toFixed(0)}/${at(0.99).toFixed(0)}/${(sorted.at(-1) ?? 0).toFixed(0)}`;
    };
    return Object.entries(this.phases)
      .map(([name, values]) => `${name} ${stat(values)}`)
      .join(', ');
  }

  async #connect(device: FleetDevice): Promise<MqttClient> {
    const t0 = performance.now();
    const client = await connectAsync(this.url, {
      clientId: device.id,
      username: device.id,
      password: device.secret,
      clean: false,
      keepalive: KEEPALIVE_SECONDS,
      reconnectPeriod: 0,
      connectTimeout: 120_000,
    });
    client.on('message', (topic_, payload) => {
      if (topic_.endsWith('/sig/down')) {
        this.onSignal?.(device.id, JSON.parse(payload.toString('utf8')) as Record<string, unknown>, client);
        return;
      }
      this.received += 1;
      const command = JSON.parse(payload.toString('utf8')) as { id: string; version?: number };
      const ack = {
        v: 1,
        commandId: command.id,
        status: 'applied',
        ...(command.version === undefined ? {} : { appliedVersion: command.version }),
        at: new Date().toISOString(),
      };
      client.publishAsync(topic(device.id, 'ack'), JSON.stringify(ack), { qos: this.ackQos }).then(
        () => {
          this.acked += 1;
          this.#onAck?.();
        },
        () => undefined,
      );
    });
    const t1 = performance.now();
    await client.subscribeAsync({
      [topic(device.id, 'cmd')]: { qos: 1 },
      [topic(device.id, 'sig/down')]: { qos: 1 },
    });
    const t2 = performance.now();
    await client.publishAsync(
      topic(device.id, 'state'),
      JSON.stringify({ v: 1, status: 'online', state: 'asleep', engine: 'none', software: '0.1.0' }),
      { qos: 1, retain: true },
    );
    this.phases.connack.push(t1 - t0);
    this.phases.suback.push(t2 - t1);
    this.phases.statePuback.push(performance.now() - t2);
    return client;
  }

  /** Ends the connection of client `index` and connects that device again (churn in the soak). */
  async reconnect(index: number): Promise<void> {
    const entry = this.clients[index]!;
    await entry.client.endAsync(true);
    const device = this.devices.find((d) => d.id === entry.id)!;
    this.clients[index] = { id: entry.id, client: await this.#connect(device) };
  }

  /** Resolves when `count` more acks than now have been acknowledged by the broker. */
  acksFrom(base: number, count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.acked - base >= count) {
          this.#onAck = null;
          resolve();
        }
      };
      this.#onAck = check;
      check();
    });
  }

  /**
   * Every device sends a heartbeat every `periodMs`, phases spread evenly over the period, at the agent's QoS:
   * 1 for one beat per keepalive, 0 otherwise (device/src/heartbeat.ts ackedEvery). Each device starts at a
   * different point of that cycle, as a fleet of kiosks started at different times does: otherwise every device's
   * first beat, the only one in a 30 s window, would be QoS 1.
   */
  startHeartbeats(periodMs: number): void {
    const every = ackedEvery(periodMs, KEEPALIVE_SECONDS);
    const count = (map: Map<string, number>) => (packet: { cmd: string }) =>
      map.set(packet.cmd, (map.get(packet.cmd) ?? 0) + 1);
    this.clients.forEach(({ id, client }, i) => {
      client.on('packetsend', count(this.packets.sent));
      client.on('packetreceive', count(this.packets.received));
      const started = Date.now();
      let beats = i % every;
      // Looked up at each beat: reconnect() replaces the client of a device.
      const beat = () =>
        this.clients[i]!.client.publishAsync(
          topic(id, 'hb'),
          JSON.stringify({
            v: 1,
            uptimeS: Math.round((Date.now() - started) / 1000),
            software: '0.1.0',
            engine: 'none',
            at: new Date().toISOString(),
          }),
          { qos: beats++ % every === 0 ? 1 : 0 },
        ).catch(() => undefined);
      const offset = setTimeout(
        () => {
          void beat();
          this.#heartbeats.push(setInterval(beat, periodMs));
        },
        (periodMs * i) / this.clients.length,
      );
      this.#heartbeats.push(offset);
    });
  }

  async close(): Promise<void> {
    for (const timer of this.#heartbeats) clearInterval(timer);
    this.#heartbeats = [];
    await Promise.all(this.clients.map(({ client }) => client.endAsync(true).catch(() => undefined)));
    this.clients.length = 0;
  }
}

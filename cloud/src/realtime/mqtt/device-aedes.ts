import { Aedes, type AedesOptions, type Client, type PublishPacket } from 'aedes';
import type { PublishVerdicts } from './verdicts.js';

type Done = (error?: Error) => void;
/** aedes's runtime signature; its .d.ts declares only (packet, done). */
type InternalPublish = (packet: PublishPacket, client: Client | null, done: Done) => void;

function noop(): void {}

/**
 * The `$SYS/<broker id>/…` announcements aedes publishes on every SUBSCRIBE, UNSUBSCRIBE, disconnect and (with
 * `announcesNewClients` false) CONNECT, which nothing reads: no device may subscribe to `$SYS`
 * (authorize-subscribe.ts), the cloud subscribes to none, and aedes itself listens only to other brokers'
 * `new/clients` (a client id that connects on another node closes its connection here, aedes.js
 * closeSameClients), `heartbeat` and `birth`. Routing each cost a match against every subscription (the offline
 * enqueue and the emitter) and a 'publish' event, per kiosk in a connect storm (issue 14); with two nodes, a
 * Redis round trip as well. (aedes still builds the packet, and for new/subscribes its JSON, before this.)
 */
function unreadAnnouncements(brokerId: string, announcesNewClients: boolean): ReadonlySet<string> {
  const topics = ['new/subscribes', 'new/unsubscribes', 'disconnect/clients'];
  if (!announcesNewClients) topics.push('new/clients');
  return new Set(topics.map((t) => `$SYS/${brokerId}/${t}`));
}

/**
 * aedes with one change: publish() honours the drop verdict authorizePublish left on the packet. A dropped
 * device message (malformed, or valid and already handled in authorizePublish before the PUBACK) stops here,
 * before the retained store, the offline queues and the emitter: nothing downstream could ever receive it
 * (verdicts.ts); so do aedes' `$SYS` announcements that nobody reads (unreadAnnouncements). Only the cloud's own
 * publishes (commands, signalling) and the `$SYS` messages brokers read (heartbeat, birth, new/clients with two
 * nodes) are routed.
 */
export class DeviceAedes extends Aedes {
  readonly #verdicts: PublishVerdicts;
  readonly #unread: ReadonlySet<string>;

  /**
   * `options.id` is required: the announcements are recognised by it. `new/clients` is published only when
   * `options.mq` is given (a shared emitter, two or more nodes), where the other nodes read it.
   */
  constructor(options: AedesOptions & { id: string }, verdicts: PublishVerdicts) {
    super(options);
    this.#verdicts = verdicts;
    this.#unread = unreadAnnouncements(options.id, options.mq !== undefined);
  }

  /** aedes keeps live clients by id in `clients` (aedes.js registerClient); its .d.ts does not declare it. */
  connectedClient(clientId: string): Client | undefined {
    return (this as unknown as { clients: Record<string, Client | undefined> }).clients[clientId];
  }

  /**
   * Publishes to the live client `clientId` of THIS broker when it holds a subscription to exactly `packet.topic`,
   * and says whether it did. A device's command topic has one reader, the device (authorize-subscribe.ts), so
   * routing a command through aedes.publish only bought a match against every stored subscription (to queue it
   * for offline sessions), the emitter's match and queue (on two nodes a Redis round trip) and the 'publish'
   * event, per device: a bulk push's 10,000 commands (issue 14). aedes' client.publish keeps what a delivery
   * needs: the session's outgoing store for QoS 1 (resent on a resumed session [MQTT-4.4.0-1]), the downgrade to
   * the granted QoS [MQTT-3.8.4-8] and authorizeForward. Without the subscription the caller routes as before:
   * the server sends only what matches a client's subscription [MQTT-3.3.5-1].
   */
  publishToSubscriber(clientId: string, packet: PublishPacket, done: Done): boolean {
    const client = this.connectedClient(clientId) as
      | (Client & { subscriptions?: Record<string, unknown> })
      | undefined;
    if (client?.subscriptions?.[packet.topic] === undefined) return false;
    client.publish(packet, done);
    return true;
  }

  override publish(packet: PublishPacket, clientOrDone: Client | null | Done, maybeDone?: Done): void {
    const client = typeof clientOrDone === 'function' ? null : clientOrDone;
    const done = (typeof clientOrDone === 'function' ? clientOrDone : maybeDone) ?? noop;
    if (this.#verdicts.takeDropped(packet) || this.#unread.has(packet.topic)) {
      done();
      return;
    }
    (super.publish as unknown as InternalPublish).call(this, packet, client, done);
  }
}

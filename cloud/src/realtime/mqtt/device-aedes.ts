import { Aedes, type AedesOptions, type Client, type PublishPacket } from 'aedes';
import type { DeviceMessageEvent } from './channels.js';
import type { PublishVerdicts } from './verdicts.js';

type Done = (error?: Error) => void;
/** aedes's runtime signature; its .d.ts declares only (packet, done). */
type InternalPublish = (packet: PublishPacket, client: Client | null, done: Done) => void;

function noop(): void {}

/**
 * aedes with one change: publish() honours the verdict authorizePublish left on the packet. A dropped
 * (malformed) device message stops here, before the retained store, the offline queues and the emitter, so
 * nothing downstream ever sees it. A valid one is routed as usual and then handed to onDeviceMessage; the
 * device's next packet is read only after that settles (aedes resumes parsing when publish calls back), which
 * keeps each device's messages in order.
 */
export class DeviceAedes extends Aedes {
  readonly #verdicts: PublishVerdicts;
  readonly #deliver: (event: DeviceMessageEvent) => Promise<void>;

  constructor(
    options: AedesOptions,
    verdicts: PublishVerdicts,
    deliver: (event: DeviceMessageEvent) => Promise<void>,
  ) {
    super(options);
    this.#verdicts = verdicts;
    this.#deliver = deliver;
  }

  /** aedes keeps live clients by id in `clients` (aedes.js registerClient); its .d.ts does not declare it. */
  connectedClient(clientId: string): Client | undefined {
    return (this as unknown as { clients: Record<string, Client | undefined> }).clients[clientId];
  }

  override publish(packet: PublishPacket, clientOrDone: Client | null | Done, maybeDone?: Done): void {
    const client = typeof clientOrDone === 'function' ? null : clientOrDone;
    const done = (typeof clientOrDone === 'function' ? clientOrDone : maybeDone) ?? noop;
    const verdict = this.#verdicts.take(packet);
    if (verdict?.kind === 'drop') {
      done();
      return;
    }

    const publish = super.publish as unknown as InternalPublish;
    publish.call(this, packet, client, (error) => {
      if (error || verdict === undefined) {
        done(error);
        return;
      }
      this.#deliver(verdict.event).then(() => done());
    });
  }
}

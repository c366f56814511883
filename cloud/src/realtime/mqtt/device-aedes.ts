import { Aedes, type AedesOptions, type Client, type PublishPacket } from 'aedes';
import type { PublishVerdicts } from './verdicts.js';

type Done = (error?: Error) => void;
/** aedes's runtime signature; its .d.ts declares only (packet, done). */
type InternalPublish = (packet: PublishPacket, client: Client | null, done: Done) => void;

function noop(): void {}

/**
 * aedes with one change: publish() honours the drop verdict authorizePublish left on the packet. A dropped
 * device message (malformed, or valid and already handled in authorizePublish before the PUBACK) stops here,
 * before the retained store, the offline queues and the emitter: nothing downstream could ever receive it
 * (verdicts.ts). Only the cloud's own publishes (commands, signalling, aedes' $SYS) are routed.
 */
export class DeviceAedes extends Aedes {
  readonly #verdicts: PublishVerdicts;

  constructor(options: AedesOptions, verdicts: PublishVerdicts) {
    super(options);
    this.#verdicts = verdicts;
  }

  /** aedes keeps live clients by id in `clients` (aedes.js registerClient); its .d.ts does not declare it. */
  connectedClient(clientId: string): Client | undefined {
    return (this as unknown as { clients: Record<string, Client | undefined> }).clients[clientId];
  }

  override publish(packet: PublishPacket, clientOrDone: Client | null | Done, maybeDone?: Done): void {
    const client = typeof clientOrDone === 'function' ? null : clientOrDone;
    const done = (typeof clientOrDone === 'function' ? clientOrDone : maybeDone) ?? noop;
    if (this.#verdicts.takeDropped(packet)) {
      done();
      return;
    }
    (super.publish as unknown as InternalPublish).call(this, packet, client, done);
  }
}

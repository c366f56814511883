/**
 * Hands authorizePublish's "drop" decision about one PUBLISH (acknowledged but never routed) to the publish step
 * that follows it: a malformed payload, or a device message the cloud has already handled. The latter has no
 * one to go to: every subscriber is a device, and a device may read only its own cmd and sig/down
 * (authorize-subscribe.ts), which no device may publish on. Routing it anyway cost each heartbeat a match
 * against every stored subscription (aedes' offline enqueue) and the emitter, and with two nodes a Redis
 * publish (issue 14). aedes passes the same packet object from authorizePublish to
 * broker.publish() (lib/handlers/publish.js, and the will path in lib/client.js close()), so the packet itself
 * is the key; a WeakMap forgets packets aedes drops. Valid messages are handled inside authorizePublish,
 * before the PUBACK (authorize-publish.ts), so they need no verdict.
 */
export class PublishVerdicts {
  readonly #dropped = new WeakSet<object>();

  drop(packet: object): void {
    this.#dropped.add(packet);
  }

  /** Read and forget: a verdict applies to one publish only. */
  takeDropped(packet: object): boolean {
    return this.#dropped.delete(packet);
  }
}

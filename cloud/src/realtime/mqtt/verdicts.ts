import type { DeviceMessageEvent } from './channels.js';

export type PublishVerdict =
  | { readonly kind: 'drop' }
  | { readonly kind: 'deliver'; readonly event: DeviceMessageEvent };

/**
 * Hands the decision authorizePublish made about one PUBLISH to the publish step that follows it. aedes passes
 * the same packet object from authorizePublish to broker.publish() (lib/handlers/publish.js, and the will path
 * in lib/client.js close()), so the packet itself is the key; a WeakMap forgets packets aedes drops.
 */
export class PublishVerdicts {
  readonly #verdicts = new WeakMap<object, PublishVerdict>();

  drop(packet: object): void {
    this.#verdicts.set(packet, { kind: 'drop' });
  }

  deliver(packet: object, event: DeviceMessageEvent): void {
    this.#verdicts.set(packet, { kind: 'deliver', event });
  }

  /** Read and forget: a verdict applies to one publish only. */
  take(packet: object): PublishVerdict | undefined {
    const verdict = this.#verdicts.get(packet);
    this.#verdicts.delete(packet);
    return verdict;
  }
}

import { activationChannel } from '../db/index.js';
import { DeliveryError } from './errors.js';

/**
 * The only ways an activation code may travel: a printed letter handed over in person, SMS, or Digital Post.
 * E-mail is not a member, so `{ channel: 'email' }` does not type-check, and the HTTP schema built from this
 * list refuses it at runtime. The list IS the database enum, so the two cannot drift apart.
 */
export const ACTIVATION_CHANNELS = activationChannel.enumValues;
export type ActivationChannel = (typeof ACTIVATION_CHANNELS)[number];

interface DeliveryBase {
  readonly citizenId: string;
  readonly municipalityId: string;
  /** The plain one-time code: it exists only in memory, on its way to the citizen. */
  readonly code: string;
  readonly expiresAt: Date;
  /** The municipality's number for citizens who need help (settings `citizenHelpPhone`); null: none given. */
  readonly helpPhone: string | null;
}

/** Recipient details travel with the request and are never stored (minimum data). */
export type DeliveryRequest =
  | (DeliveryBase & { readonly channel: 'letter' })
  | (DeliveryBase & { readonly channel: 'sms'; readonly phone: string })
  | (DeliveryBase & { readonly channel: 'digital_post'; readonly recipientRef: string });

export type DeliveryVia = 'letter_pdf' | 'outbox' | 'gatewayapi' | 'digital_post';

export interface DeliveryReceipt {
  readonly via: DeliveryVia;
  /** The provider's message id, for support to trace a complaint; never personal data. */
  readonly providerRef: string | null;
  /** The printable letter (PDF), only for channel `letter`. */
  readonly document: Uint8Array | null;
}

export type RequestFor<C extends ActivationChannel> = Extract<DeliveryRequest, { channel: C }>;

export interface ChannelAdapter<C extends ActivationChannel> {
  send(request: RequestFor<C>, signal?: AbortSignal): Promise<DeliveryReceipt>;
}

/** What the citizens module calls: one send for every channel. Throws DeliveryError when not delivered. */
export interface ActivationDelivery {
  send(request: DeliveryRequest, signal?: AbortSignal): Promise<DeliveryReceipt>;
}

/** One adapter per channel: the mapped type makes a missing channel a compile error. */
export type ChannelAdapters = { readonly [C in ActivationChannel]: ChannelAdapter<C> };

export function routeByChannel(adapters: ChannelAdapters): ActivationDelivery {
  return {
    send(request, signal) {
      switch (request.channel) {
        case 'letter':
          return adapters.letter.send(request, signal);
        case 'sms':
          return adapters.sms.send(request, signal);
        case 'digital_post':
          return adapters.digital_post.send(request, signal);
        default: {
          // Unreachable for typed callers; refuses anything that slipped past validation (e.g. 'email').
          const refused: never = request;
          return Promise.reject(
            new DeliveryError('not_configured', String((refused as { channel?: unknown }).channel)),
          );
        }
      }
    },
  };
}

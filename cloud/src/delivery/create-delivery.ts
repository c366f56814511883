import type { Clock } from '@screenvisit/protocol';
import type { Db } from '../db/index.js';
import type { CloudConfig } from '../kernel/config.js';
import { StartupError } from '../kernel/errors.js';
import { createActivationOutbox } from './activation-outbox.js';
import { createDigitalPost } from './digital-post.js';
import { createGatewayApiSms } from './gatewayapi-sms.js';
import { createLetter } from './letter.js';
import { type ActivationDelivery, routeByChannel } from './types.js';

/** The URL printed in letters and messages: PUBLIC_URL, else this node's own address. */
export function publicUrlOf(config: Pick<CloudConfig, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
}

/**
 * Picks the adapters from ACTIVATION_DELIVERY. `live` without its settings refuses to start rather than
 * failing at the first citizen (a misconfiguration should be found by the operator, not by support).
 */
export function createActivationDelivery(
  config: CloudConfig,
  db: Db,
  clock: Pick<Clock, 'now'>,
): ActivationDelivery {
  const publicUrl = publicUrlOf(config);
  const letter = createLetter(publicUrl);
  if (config.ACTIVATION_DELIVERY === 'outbox') {
    const outbox = createActivationOutbox(db, publicUrl);
    return routeByChannel({ letter, sms: outbox, digital_post: outbox });
  }
  const missing = (['SMS_GATEWAY_TOKEN', 'DIGITAL_POST_URL', 'DIGITAL_POST_TOKEN'] as const).filter(
    (key) => !config[key],
  );
  if (missing.length > 0) {
    throw new StartupError(
      `ACTIVATION_DELIVERY=live needs ${missing.join(', ')}. Set them, or use ACTIVATION_DELIVERY=outbox for a demo.`,
    );
  }
  return routeByChannel({
    letter,
    sms: createGatewayApiSms({
      baseUrl: config.SMS_GATEWAY_URL,
      token: config.SMS_GATEWAY_TOKEN!,
      sender: config.SMS_SENDER,
      timeoutMs: config.DELIVERY_TIMEOUT_MS,
      publicUrl,
    }),
    digital_post: createDigitalPost({
      url: config.DIGITAL_POST_URL!,
      token: config.DIGITAL_POST_TOKEN!,
      timeoutMs: config.DELIVERY_TIMEOUT_MS,
      publicUrl,
      clock,
    }),
  });
}

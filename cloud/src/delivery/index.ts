/** Activation-code delivery: letter (PDF), SMS (GatewayAPI), Digital Post (MeMo-lite), dev outbox. No e-mail. */

export { createActivationOutbox, listOutbox } from './activation-outbox.js';
export { createActivationDelivery, publicUrlOf } from './create-delivery.js';
export { createDigitalPost } from './digital-post.js';
export { DeliveryError, type DeliveryFailure, isDeliveryError } from './errors.js';
export { createGatewayApiSms, createGatewayApiText, type SmsText } from './gatewayapi-sms.js';
export { createLetter, renderActivationLetter } from './letter.js';
export { createStaffAlerts } from './staff-alerts.js';
export * from './types.js';

import type { CloudConfig } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import type { StaffAlerts } from '../kernel/ports.js';
import { isDeliveryError } from './errors.js';
import { createGatewayApiText, type SmsText } from './gatewayapi-sms.js';

/**
 * Staff alerts by SMS (kernel/ports.ts StaffAlerts): the same GatewayAPI account as activation SMS. Without
 * SMS_GATEWAY_TOKEN there is no gateway (the demo, a test node): nothing is sent and the receipt says
 * `no_gateway`, so the audit entry tells the truth. A failure is logged (never the number) and reported.
 */
export function createStaffAlerts(
  config: Pick<CloudConfig, 'SMS_GATEWAY_URL' | 'SMS_GATEWAY_TOKEN' | 'SMS_SENDER' | 'DELIVERY_TIMEOUT_MS'>,
  log: Logger,
): StaffAlerts {
  const gateway: SmsText | null = config.SMS_GATEWAY_TOKEN
    ? createGatewayApiText({
        baseUrl: config.SMS_GATEWAY_URL,
        token: config.SMS_GATEWAY_TOKEN,
        sender: config.SMS_SENDER,
        timeoutMs: config.DELIVERY_TIMEOUT_MS,
      })
    : null;
  return {
    async text(phone, message) {
      if (!gateway) return { sent: false, reason: 'no_gateway' };
      try {
        const { providerRef } = await gateway.send(phone, message);
        return { sent: true, via: 'gatewayapi', providerRef };
      } catch (error) {
        log.error(
          {
            reason: isDeliveryError(error) ? error.reason : 'unexpected',
            status: isDeliveryError(error) ? error.status : undefined,
          },
          'staff alert SMS not sent',
        );
        return { sent: false, reason: 'failed' };
      }
    },
  };
}

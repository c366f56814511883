import { z } from 'zod';
import { DeliveryError } from './errors.js';
import { postJson } from './http.js';
import { smsText } from './messages.js';
import type { ChannelAdapter } from './types.js';

const PROVIDER = 'gatewayapi';

/**
 * GatewayAPI's documented answer to POST /rest/mtsms (https://gatewayapi.com/docs/apis/rest/):
 * 200 with `{ ids: [number…], usage: {…} }`; 4xx/5xx with `{ code, message, incident_uuid }`.
 */
const MtSmsAnswer = z.object({ ids: z.array(z.number().int()).min(1) });

export interface GatewayApiOptions {
  /** e.g. https://gatewayapi.com (the adapter appends /rest/mtsms). */
  readonly baseUrl: string;
  readonly token: string;
  /** Up to 11 alphanumeric characters (GatewayAPI `sender`). */
  readonly sender: string;
  readonly timeoutMs: number;
  readonly publicUrl: string;
}

/** +45 and 8 digits (E.164) → GatewayAPI's MSISDN: the digits without "+", as a number. */
export function msisdn(phone: string): number {
  if (!/^\+45\d{8}$/.test(phone)) throw new DeliveryError('rejected', PROVIDER);
  return Number(phone.slice(1));
}

/**
 * SMS through GatewayAPI (a Danish gateway used by municipalities). Auth: the API token as the HTTP Basic
 * username with an empty password, as documented. The phone number is used for this request only.
 */
export function createGatewayApiSms(options: GatewayApiOptions): ChannelAdapter<'sms'> {
  const text = createGatewayApiText(options);
  return {
    async send(request, signal) {
      const message = smsText(request.code, request.expiresAt, options.publicUrl, request.helpPhone);
      const { providerRef } = await text.send(request.phone, message, signal);
      return { via: 'gatewayapi', providerRef, document: null };
    },
  };
}

/** Any short text to one +45 mobile (the activation code above, the night watch's staff alert). */
export interface SmsText {
  send(phone: string, message: string, signal?: AbortSignal): Promise<{ providerRef: string }>;
}

export function createGatewayApiText(options: Omit<GatewayApiOptions, 'publicUrl'>): SmsText {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/rest/mtsms`;
  const authorization = `Basic ${Buffer.from(`${options.token}:`).toString('base64')}`;
  return {
    async send(phone, message, signal) {
      const answer = await postJson(PROVIDER, url, {
        headers: { authorization },
        body: { sender: options.sender, message, recipients: [{ msisdn: msisdn(phone) }] },
        timeoutMs: options.timeoutMs,
        signal,
        answer: MtSmsAnswer,
      });
      return { providerRef: String(answer.ids[0]) };
    },
  };
}

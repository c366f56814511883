import { randomUUID } from 'node:crypto';
import type { Clock } from '@screenvisit/protocol';
import { z } from 'zod';
import { postJson } from './http.js';
import { digitalPostText } from './messages.js';
import type { ChannelAdapter } from './types.js';

const PROVIDER = 'digital_post';

/**
 * Digital Post for public authorities (NgDP / e-Boks) takes MeMo messages (the Danish "Meddelelsesmodellen",
 * an XML format) over a certificate-authenticated connection. Municipalities usually reach it through an
 * integration platform; this adapter speaks a JSON rendering of the MeMo structure ("MeMo-lite": MessageHeader
 * with sender/recipient/label, MessageBody with one MainDocument file) to such an endpoint:
 *
 *   POST {DIGITAL_POST_URL}/memo/messages   Authorization: Bearer {DIGITAL_POST_TOKEN}
 *   → 2xx { "messageUUID": "<uuid>" }
 *
 * It is tested against a local double of exactly this shape (digital-post.int.test.ts). Connecting to real
 * NgDP means swapping this one file for a MeMo XML + OCES certificate client; the interface stays.
 */
const MemoAnswer = z.object({ messageUUID: z.uuid() });

export interface DigitalPostOptions {
  readonly url: string;
  readonly token: string;
  readonly timeoutMs: number;
  readonly publicUrl: string;
  readonly clock: Pick<Clock, 'now'>;
}

export function createDigitalPost(options: DigitalPostOptions): ChannelAdapter<'digital_post'> {
  const url = `${options.url.replace(/\/+$/, '')}/memo/messages`;
  return {
    async send(request, signal) {
      const messageUUID = randomUUID();
      const text = digitalPostText(request.code, request.expiresAt, options.publicUrl, request.helpPhone);
      const answer = await postJson(PROVIDER, url, {
        headers: { authorization: `Bearer ${options.token}` },
        body: {
          messageHeader: {
            messageType: 'DIGITALPOST',
            messageUUID,
            label: 'Din kode til skærmbesøg',
            mandatory: false,
            legalNotification: false,
            // The recipient reference is supplied by support for this one message and is not stored.
            recipient: { recipientId: request.recipientRef },
          },
          messageBody: {
            createdDateTime: new Date(options.clock.now()).toISOString(),
            mainDocument: {
              label: 'Sådan kommer du i gang',
              files: [
                {
                  encodingFormat: 'text/plain',
                  filename: 'skaermbesoeg.txt',
                  language: 'da',
                  content: Buffer.from(text, 'utf8').toString('base64'),
                },
              ],
            },
          },
        },
        timeoutMs: options.timeoutMs,
        signal,
        answer: MemoAnswer,
      });
      return { via: 'digital_post', providerRef: answer.messageUUID, document: null };
    },
  };
}

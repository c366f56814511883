import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startProviderDouble } from '../../test/kits/delivery-provider-double.js';
import { createDigitalPost } from './digital-post.js';
import { isDeliveryError } from './errors.js';

// A LOCAL DOUBLE of the Digital Post (MeMo-lite JSON) endpoint described in digital-post.ts. Real NgDP needs
// OCES certificates and MeMo XML; this double checks our side of that documented shape only.
describe('Digital Post adapter (against a local double of the MeMo-lite endpoint)', () => {
  let double: Awaited<ReturnType<typeof startProviderDouble>>;
  const now = Date.parse('2030-01-01T09:00:00Z');
  const adapter = () =>
    createDigitalPost({
      url: double.url,
      token: 'dp-token',
      timeoutMs: 300,
      publicUrl: 'https://sv.example',
      clock: { now: () => now },
    });
  const request = {
    channel: 'digital_post' as const,
    citizenId: '00000000-0000-4000-8000-000000000001',
    municipalityId: '00000000-0000-4000-8000-000000000002',
    code: 'ABCD-EFGH-JKMN',
    expiresAt: new Date('2030-01-08T09:00:00Z'),
    recipientRef: 'REF-1234',
    helpPhone: '33 66 33 66',
  };

  beforeAll(async () => {
    double = await startProviderDouble((req, res) => {
      const memo = JSON.parse(req.body) as { messageHeader: { messageUUID: string } };
      reply(res, 202, { messageUUID: memo.messageHeader.messageUUID });
    });
  });
  afterAll(() => double.close());

  it('posts a MeMo message with bearer auth, the recipient reference and the code in the main document', async () => {
    const receipt = await adapter().send(request);
    const sent = double.requests.at(-1)!;
    expect(sent.url).toBe('/memo/messages');
    expect(sent.headers.authorization).toBe('Bearer dp-token');
    const memo = JSON.parse(sent.body) as {
      messageHeader: { messageUUID: string; recipient: { recipientId: string }; label: string };
      messageBody: { createdDateTime: string; mainDocument: { files: { content: string }[] } };
    };
    expect(receipt).toEqual({
      via: 'digital_post',
      providerRef: memo.messageHeader.messageUUID,
      document: null,
    });
    expect(memo.messageHeader.recipient.recipientId).toBe('REF-1234');
    expect(memo.messageBody.createdDateTime).toBe('2030-01-01T09:00:00.000Z');
    const text = Buffer.from(memo.messageBody.mainDocument.files[0]!.content, 'base64').toString('utf8');
    expect(text).toContain('ABCD-EFGH-JKMN');
    expect(text).toContain('Sådan kommer du i gang');
    expect(text).toContain('ring til kommunens support på 33 66 33 66.');
  });

  it('turns a 5xx, a timeout and a malformed answer into delivery errors', async () => {
    double.answerWith((_req, res) => reply(res, 503, { error: 'down' }));
    const refused = await adapter()
      .send(request)
      .catch((e: unknown) => e);
    expect(isDeliveryError(refused) && refused.reason).toBe('rejected');

    double.answerWith(() => {});
    const slow = await adapter()
      .send(request)
      .catch((e: unknown) => e);
    expect(isDeliveryError(slow) && slow.reason).toBe('timeout');

    double.answerWith((_req, res) => reply(res, 202, { messageUUID: 'not-a-uuid' }));
    const malformed = await adapter()
      .send(request)
      .catch((e: unknown) => e);
    expect(isDeliveryError(malformed) && malformed.reason).toBe('malformed_response');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startProviderDouble } from '../../test/kits/delivery-provider-double.js';
import { isDeliveryError } from './errors.js';
import { createGatewayApiSms } from './gatewayapi-sms.js';

// These tests talk to a LOCAL DOUBLE of GatewayAPI's documented REST API (POST /rest/mtsms), started here.
// The double answers like the documentation says; no real SMS is sent.
describe('GatewayAPI SMS adapter (against a local double of POST /rest/mtsms)', () => {
  let double: Awaited<ReturnType<typeof startProviderDouble>>;
  const adapter = () =>
    createGatewayApiSms({
      baseUrl: double.url,
      token: 'test-token',
      sender: 'Kommunen',
      timeoutMs: 300,
      publicUrl: 'https://sv.example',
    });
  const request = {
    channel: 'sms' as const,
    citizenId: '00000000-0000-4000-8000-000000000001',
    municipalityId: '00000000-0000-4000-8000-000000000002',
    code: 'ABCD-EFGH-JKMN',
    expiresAt: new Date('2030-01-02T10:00:00Z'),
    phone: '+4512345678',
    helpPhone: '33 66 33 66',
  };

  beforeAll(async () => {
    double = await startProviderDouble((_req, res) => reply(res, 200, { ids: [421332671], usage: {} }));
  });
  afterAll(() => double.close());

  it('sends the documented request: token as Basic username, sender, message with the code, MSISDN', async () => {
    double.answerWith((_req, res) => reply(res, 200, { ids: [421332671], usage: { total_cost: 0.1 } }));
    const receipt = await adapter().send(request);
    expect(receipt).toEqual({ via: 'gatewayapi', providerRef: '421332671', document: null });
    const sent = double.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/rest/mtsms');
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from('test-token:').toString('base64')}`);
    expect(sent.headers['content-type']).toBe('application/json');
    const body = JSON.parse(sent.body) as {
      sender: string;
      message: string;
      recipients: { msisdn: number }[];
    };
    expect(body.sender).toBe('Kommunen');
    expect(body.recipients).toEqual([{ msisdn: 4512345678 }]);
    expect(body.message).toContain('ABCD-EFGH-JKMN');
    expect(body.message).toContain('https://sv.example/citizen/?code=ABCD-EFGH-JKMN');
    expect(body.message).toContain('Hjælp: ring 33 66 33 66');
  });

  it('reports a refusal (non-2xx, e.g. 401 bad token) as a delivery error with the status', async () => {
    double.answerWith((_req, res) =>
      reply(res, 401, { code: '0x0101', message: 'Invalid token', incident_uuid: 'x' }),
    );
    const error = await adapter()
      .send(request)
      .catch((e: unknown) => e);
    expect(isDeliveryError(error) && error.reason).toBe('rejected');
    expect(isDeliveryError(error) && error.status).toBe(401);
  });

  it('gives up after the timeout when the gateway does not answer', async () => {
    double.answerWith(() => {}); // never answers
    const started = Date.now();
    const error = await adapter()
      .send(request)
      .catch((e: unknown) => e);
    expect(isDeliveryError(error) && error.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('treats a 200 without message ids, or not JSON at all, as a malformed answer', async () => {
    double.answerWith((_req, res) => reply(res, 200, { usage: {} }));
    const missingIds = await adapter()
      .send(request)
      .catch((e: unknown) => e);
    expect(isDeliveryError(missingIds) && missingIds.reason).toBe('malformed_response');
    double.answerWith((_req, res) => reply(res, 200, '<html>maintenance</html>', true));
    const notJson = await adapter()
      .send(request)
      .catch((e: unknown) => e);
    expect(isDeliveryError(notJson) && notJson.reason).toBe('malformed_response');
  });

  it('reports an unreachable gateway', async () => {
    const gone = createGatewayApiSms({
      baseUrl: 'http://127.0.0.1:1',
      token: 't',
      sender: 'Kommunen',
      timeoutMs: 1_000,
      publicUrl: 'https://sv.example',
    });
    const error = await gone.send(request).catch((e: unknown) => e);
    expect(isDeliveryError(error) && error.reason).toBe('unreachable');
  });
});

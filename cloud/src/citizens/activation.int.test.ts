import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Desk,
  fakeClock,
  newCitizen,
  postFrom,
  smsCode,
  supportDesk,
  TestBrowser,
} from '../../test/kits/citizens.js';
import { reply, startProviderDouble } from '../../test/kits/delivery-provider-double.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, citizenActivationCodesTable } from '../db/index.js';

const HOUR = 3_600_000;

describe('activation codes: single use, per-channel expiry, delivery', () => {
  const clock = fakeClock();
  let t: TestCloud;
  let desk: Desk;

  beforeAll(async () => {
    t = await startTestCloud({}, { clock });
    desk = await supportDesk(t, { activationCodeTtlHours: { sms: 2, letter: 48 } }, clock);
  });
  afterAll(() => t.close());

  it('redeems a code once: the second browser gets 410', async () => {
    const id = await newCitizen(desk);
    const { code } = await smsCode(desk, id);
    const first = new TestBrowser(t);
    const ok = await first.login('/api/citizen/activate', { code: code.toLowerCase().replaceAll('-', ' ') });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sessionStarted: true });
    const again = await new TestBrowser(t).login('/api/citizen/activate', { code });
    expect(again.status).toBe(410);
  });

  it('expires codes per channel from the municipality settings (SMS 2 h here, letter 48 h)', async () => {
    const smsCitizen = await newCitizen(desk);
    const letterCitizen = await newCitizen(desk);
    const sms = await smsCode(desk, smsCitizen);
    expect(Date.parse(sms.expiresAt) - clock.now()).toBe(2 * HOUR);
    const letterRes = await desk.call('POST', `/api/citizens/${letterCitizen}/activation-codes`, {
      channel: 'letter',
    });
    const letter = (await letterRes.json()) as { expiresAt: string; letterPdfBase64: string };
    expect(Date.parse(letter.expiresAt) - clock.now()).toBe(48 * HOUR);
    const letterCode = await codeFromPdf(letter.letterPdfBase64);

    clock.advance(2 * HOUR + 1_000);
    expect((await new TestBrowser(t).login('/api/citizen/activate', { code: sms.code })).status).toBe(410);
    expect((await new TestBrowser(t).login('/api/citizen/activate', { code: letterCode })).status).toBe(200);
  });

  it('uses the default expiry (Digital Post 168 h) where the municipality set none', async () => {
    const id = await newCitizen(desk);
    const issued = await smsCode(desk, id, 'digital_post');
    expect(Date.parse(issued.expiresAt) - clock.now()).toBe(168 * HOUR);
  });

  it('makes an older unused code stop working once a new one is sent', async () => {
    const id = await newCitizen(desk);
    const old = await smsCode(desk, id);
    const fresh = await smsCode(desk, id);
    expect((await new TestBrowser(t).login('/api/citizen/activate', { code: old.code })).status).toBe(410);
    expect((await new TestBrowser(t).login('/api/citizen/activate', { code: fresh.code })).status).toBe(200);
  });

  it('returns the letter as a PDF only at creation, and stores only the code hash', async () => {
    const id = await newCitizen(desk);
    const res = await desk.call('POST', `/api/citizens/${id}/activation-codes`, { channel: 'letter' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const issued = (await res.json()) as { codeId: string; via: string; letterPdfBase64: string };
    expect(issued.via).toBe('letter_pdf');
    const code = await codeFromPdf(issued.letterPdfBase64);
    const [row] = await t.cloud.db.db
      .select()
      .from(citizenActivationCodesTable)
      .where(eq(citizenActivationCodesTable.id, issued.codeId));
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('audits issue and redemption with the channel, never the code or the phone number', async () => {
    const id = await newCitizen(desk);
    const { code } = await smsCode(desk, id);
    await new TestBrowser(t).login('/api/citizen/activate', { code });
    const entries = await t.cloud.db.db.select().from(auditLogTable).where(eq(auditLogTable.targetId, id));
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'citizen.activation_code_issued',
        'citizen.activation_code_redeemed',
        'citizen.login',
      ]),
    );
    expect(entries.find((e) => e.action === 'citizen.activation_code_issued')!.details).toMatchObject({
      channel: 'sms',
      via: 'outbox',
    });
    const all = JSON.stringify(entries);
    expect(all).not.toContain(code);
    expect(all).not.toContain('12345678');
  });

  it('throttles wrong codes per IP (429), even for a right code afterwards', async () => {
    const id = await newCitizen(desk);
    const { code } = await smsCode(desk, id);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(await postFrom(t, '127.0.0.9', '/api/citizen/activate', { code: 'AAAA-BBBB-CCCC' }));
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(410));
    expect(statuses[10]).toBe(429);
    expect(await postFrom(t, '127.0.0.9', '/api/citizen/activate', { code })).toBe(429);
    // Another address is not affected, and the code was not used up by the refused attempt.
    expect(await postFrom(t, '127.0.0.10', '/api/citizen/activate', { code })).toBe(200);
  });

  it('lets no more than 10 wrong codes be checked when 30 arrive at once from one address', async () => {
    // Before each try was taken ahead of the check, parallel guesses all passed a read-only check before the
    // first failure was counted.
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () =>
        postFrom(t, '127.0.0.12', '/api/citizen/activate', { code: 'AAAA-BBBB-CCCC' }),
      ),
    );
    expect(statuses.filter((s) => s === 410)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('gives a redeemed code’s try back: only failures use up an address’s tries', async () => {
    const id = await newCitizen(desk);
    const { code } = await smsCode(desk, id);
    expect(await postFrom(t, '127.0.0.13', '/api/citizen/activate', { code })).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(await postFrom(t, '127.0.0.13', '/api/citizen/activate', { code: 'AAAA-BBBB-CCCC' }));
    expect(statuses).toEqual([...Array(10).fill(410), 429]);
  });
});

describe('activation codes with live delivery (local doubles of GatewayAPI and Digital Post)', () => {
  let t: TestCloud;
  let desk: Desk;
  let sms: Awaited<ReturnType<typeof startProviderDouble>>;

  beforeAll(async () => {
    // A LOCAL DOUBLE of GatewayAPI's POST /rest/mtsms; no real SMS leaves this machine.
    sms = await startProviderDouble((_req, res) => reply(res, 200, { ids: [1] }));
    t = await startTestCloud({
      ACTIVATION_DELIVERY: 'live',
      SMS_GATEWAY_URL: sms.url,
      SMS_GATEWAY_TOKEN: 'token',
      DIGITAL_POST_URL: sms.url,
      DIGITAL_POST_TOKEN: 'token',
      DELIVERY_TIMEOUT_MS: '300',
    });
    desk = await supportDesk(t);
  });
  afterAll(async () => {
    await t.close();
    await sms.close();
  });

  it('sends the SMS through the gateway and does not store the phone number', async () => {
    const id = await newCitizen(desk);
    const res = await desk.call('POST', `/api/citizens/${id}/activation-codes`, {
      channel: 'sms',
      phone: '+4587654321',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ via: 'gatewayapi', channel: 'sms' });
    expect(JSON.parse(sms.requests.at(-1)!.body)).toMatchObject({ recipients: [{ msisdn: 4587654321 }] });
    const dump = JSON.stringify(await t.cloud.db.db.execute('select * from citizen_activation_codes'));
    expect(dump).not.toContain('87654321');
  });

  it('takes the mobile as support writes it (8 digits in pairs, no +45) and refuses one that is not Danish', async () => {
    const id = await newCitizen(desk);
    const res = await desk.call('POST', `/api/citizens/${id}/activation-codes`, {
      channel: 'sms',
      phone: '20 30 40 50',
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(sms.requests.at(-1)!.body)).toMatchObject({ recipients: [{ msisdn: 4520304050 }] });
    const sent = sms.requests.length;
    const swedish = await desk.call('POST', `/api/citizens/${id}/activation-codes`, {
      channel: 'sms',
      phone: '+46 20 30 40 50',
    });
    expect(swedish.status).toBe(400);
    expect(sms.requests).toHaveLength(sent);
  });

  it('answers 503 when the gateway fails, and that code never works, while the older code still does', async () => {
    const id = await newCitizen(desk);
    const letter = await desk.call('POST', `/api/citizens/${id}/activation-codes`, { channel: 'letter' });
    const letterCode = await codeFromPdf(
      ((await letter.json()) as { letterPdfBase64: string }).letterPdfBase64,
    );

    sms.answerWith((_req, res) => reply(res, 500, { code: '0x0001', message: 'boom' }));
    const failed = await desk.call('POST', `/api/citizens/${id}/activation-codes`, {
      channel: 'sms',
      phone: '+4512345678',
    });
    expect(failed.status).toBe(503);
    const sentText = JSON.parse(sms.requests.at(-1)!.body) as { message: string };
    const failedCode = sentText.message.match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/)![0];
    const rows = await t.cloud.db.db
      .select()
      .from(citizenActivationCodesTable)
      .where(eq(citizenActivationCodesTable.citizenId, id));
    expect(rows.find((r) => r.channel === 'sms')).toMatchObject({ sentAt: null });
    expect((await new TestBrowser(t).login('/api/citizen/activate', { code: failedCode })).status).toBe(410);
    expect((await new TestBrowser(t).login('/api/citizen/activate', { code: letterCode })).status).toBe(200);
    const [audit] = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'citizen.activation_code_failed'));
    expect(audit!.details).toMatchObject({ channel: 'sms', reason: 'rejected' });

    sms.answerWith(() => {}); // a gateway that hangs: the timeout answers for it
    const hung = await desk.call('POST', `/api/citizens/${id}/activation-codes`, {
      channel: 'sms',
      phone: '+4512345678',
    });
    expect(hung.status).toBe(503);
    sms.answerWith((_req, res) => reply(res, 200, { ids: [1] }));
  });
});

/** Reads the code back out of the letter's text (the letter is the only place it exists). */
async function codeFromPdf(base64: string): Promise<string> {
  const { decodePDFRawStream, PDFName, PDFRawStream } = await import('pdf-lib');
  const pdf = await PDFDocument.load(Buffer.from(base64, 'base64'));
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of('Subtype'))) continue;
    const content = Buffer.from(decodePDFRawStream(object).decode()).toString('latin1');
    for (const m of content.matchAll(/<([0-9A-F]+)>\s*Tj/gi)) {
      const text = Buffer.from(m[1]!, 'hex').toString('latin1');
      if (/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(text)) return text;
    }
  }
  throw new Error('no code in the letter');
}

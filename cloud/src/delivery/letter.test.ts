import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderActivationLetter } from './letter.js';
import { type ActivationDelivery, routeByChannel } from './types.js';

/** Helvetica text is drawn as hex strings (<...> Tj); decode every content stream and look for it. */
async function pageText(pdfBytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(pdfBytes);
  const streams = pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter((o): o is PDFRawStream => o instanceof PDFRawStream);
  let text = '';
  for (const stream of streams) {
    if (stream.dict.get(PDFName.of('Subtype'))) continue; // images, fonts
    const decoded = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    for (const match of decoded.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g))
      text += `${Buffer.from(match[1]!, 'hex').toString('latin1')}\n`;
  }
  return text;
}

describe('activation letter (PDF)', () => {
  it('is a valid PDF with the code, the link, the Danish heading and a QR image', async () => {
    const bytes = await renderActivationLetter({
      code: 'ABCD-EFGH-JKMN',
      expiresAt: new Date('2030-01-15T12:00:00Z'),
      publicUrl: 'https://sv.example/',
      helpPhone: null,
    });
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    const text = await pageText(bytes);
    expect(text).toContain('ABCD-EFGH-JKMN');
    expect(text).toContain('https://sv.example/citizen/?code=ABCD-EFGH-JKMN');
    expect(text).toContain('Sådan kommer du i gang');
    const images = pdf.context
      .enumerateIndirectObjects()
      .filter(
        ([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'),
      );
    expect(images.length).toBeGreaterThan(0);
  });

  it("gives the municipality's help number when it has set one, and no number it has not", async () => {
    const letter = (helpPhone: string | null) =>
      renderActivationLetter({
        code: 'ABCD-EFGH-JKMN',
        expiresAt: new Date('2030-01-15T12:00:00Z'),
        publicUrl: 'https://sv.example/',
        helpPhone,
      }).then(pageText);
    const withNumber = await letter('33 66 33 66');
    expect(withNumber).toContain('Brug for hjælp? Ring til kommunens support:');
    expect(withNumber).toContain('33 66 33 66');
    expect(await letter(null)).toContain('Brug for hjælp? Ring til kommunens support.');
  });

  it('has no e-mail channel: the type system refuses it, and so does the router at runtime', async () => {
    const never = { send: async () => ({ via: 'outbox' as const, providerRef: null, document: null }) };
    const delivery: ActivationDelivery = routeByChannel({ letter: never, sms: never, digital_post: never });
    const email = delivery.send({
      // @ts-expect-error 'email' is not an ActivationChannel: e-mail delivery cannot even be written down.
      channel: 'email',
      citizenId: 'c',
      municipalityId: 'm',
      code: 'x',
      expiresAt: new Date(),
      address: 'a@b.dk',
    });
    // @ts-expect-error an adapter table with an e-mail adapter does not fit ChannelAdapters either.
    routeByChannel({ letter: never, sms: never, digital_post: never, email: never });
    await expect(email).rejects.toThrow(/not_configured/);
  });
});

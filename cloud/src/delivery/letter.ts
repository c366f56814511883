import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import { activationLink, danishDate } from './messages.js';
import type { ChannelAdapter } from './types.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 64;

/**
 * The printed activation letter, handed over in person. Large type (22–40 pt) and short sentences for readers
 * with poor sight or cognitive impairment; a QR code opens the activation page with the code filled in.
 * Made only when the code is created: the code is stored hashed, so the letter cannot be printed again later.
 * pdf-lib's standard Helvetica uses WinAnsi encoding, which covers æ, ø and å.
 */
export async function renderActivationLetter(input: {
  code: string;
  expiresAt: Date;
  publicUrl: string;
  helpPhone: string | null;
}): Promise<Uint8Array> {
  const link = activationLink(input.publicUrl, input.code);
  const pdf = await PDFDocument.create();
  pdf.setTitle('Sådan kommer du i gang med skærmbesøg');
  pdf.setLanguage('da-DK');
  const page = pdf.addPage(A4);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = A4[1] - MARGIN - 40;
  const line = (text: string, size: number, font = regular, gap = 1.5) => {
    page.drawText(text, { x: MARGIN, y, size, font, color: rgb(0, 0, 0) });
    y -= size * gap;
  };

  line('Sådan kommer du i gang', 36, bold, 2);
  line('1. Hold din telefon over firkanten.', 22);
  line('    Eller skriv adressen herunder.', 22, regular, 2);
  const qr = await pdf.embedPng(
    await QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 }),
  );
  const qrSize = 200;
  page.drawImage(qr, { x: MARGIN, y: y - qrSize + 22, width: qrSize, height: qrSize });
  y -= qrSize + 12;
  line(link, 12, regular, 2.5);
  line('2. Skriv denne kode:', 22, regular, 2);
  line(input.code, 40, bold, 2);
  line('3. Tryk på "Fortsæt".', 22, regular, 2.5);
  line('Koden kan kun bruges én gang.', 20);
  line(`Den virker til ${danishDate(input.expiresAt)}.`, 20, regular, 2);
  if (input.helpPhone) {
    line('Brug for hjælp? Ring til kommunens support:', 20);
    line(input.helpPhone, 28, bold);
  } else line('Brug for hjælp? Ring til kommunens support.', 20);
  return pdf.save();
}

export function createLetter(publicUrl: string): ChannelAdapter<'letter'> {
  return {
    async send(request) {
      const document = await renderActivationLetter({
        code: request.code,
        expiresAt: request.expiresAt,
        publicUrl,
        helpPhone: request.helpPhone,
      });
      return { via: 'letter_pdf', providerRef: null, document };
    },
  };
}

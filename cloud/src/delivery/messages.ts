/**
 * The words citizens read. Plain Danish, short sentences, no jargon (many readers are elderly or cognitively
 * impaired). The code link opens the activation page with the code filled in.
 */
export function activationLink(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/citizen/?code=${encodeURIComponent(code)}`;
}

const DATE = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'long' });

export function danishDate(at: Date): string {
  return DATE.format(at);
}

/** The last line of every message: with the municipality's number when it has given one. */
export function helpLine(helpPhone: string | null): string {
  return helpPhone
    ? `Har du brug for hjælp, så ring til kommunens support på ${helpPhone}.`
    : 'Har du brug for hjælp, så ring til kommunens support.';
}

/** Fits one SMS where it can: GSM 03.38 has æ, ø and å, so no UCS-2 is needed. */
export function smsText(code: string, expiresAt: Date, publicUrl: string, helpPhone: string | null): string {
  return [
    `Din kode til skærmbesøg er ${code}`,
    `Koden virker til ${danishDate(expiresAt)}.`,
    `Åbn ${activationLink(publicUrl, code)}`,
    // Only with a number: without one the line tells nothing, and an SMS pays by the length.
    ...(helpPhone ? [`Hjælp: ring ${helpPhone}`] : []),
  ].join('\n');
}

export function digitalPostText(
  code: string,
  expiresAt: Date,
  publicUrl: string,
  helpPhone: string | null,
): string {
  return [
    'Sådan kommer du i gang med skærmbesøg',
    '',
    `Din kode er: ${code}`,
    '',
    `1. Åbn ${activationLink(publicUrl, code)}`,
    '2. Skriv koden, hvis den ikke allerede står der.',
    '3. Tryk på knappen "Fortsæt".',
    '',
    `Koden kan kun bruges én gang. Den virker til ${danishDate(expiresAt)}.`,
    helpLine(helpPhone),
  ].join('\n');
}

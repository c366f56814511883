/** The passkey panel's texts (issue 10 §1), kept apart so the staff catalog stays small. Plain Danish. */
export const passkeyDa = {
  'passkeys.heading': 'Dine nøgler (adgangsnøgler)',
  'passkeys.what':
    'En nøgle er den skærmlås, du allerede bruger på din telefon eller computer (fingeraftryk, ansigt eller pinkode), eller en lille sikkerhedsnøgle til USB.',
  'passkeys.why':
    'Med en nøgle slipper du for koden fra appen, når du logger ind, og du kan låse nattevagtens konsol op med ét tryk.',
  'passkeys.none': 'Du har ingen nøgler endnu.',
  'passkeys.listLabel': 'Dine nøgler',
  'passkeys.created': 'Tilføjet {{date}}',
  'passkeys.lastUsed': 'sidst brugt {{date}}',
  'passkeys.remove': 'Fjern',
  'passkeys.removeNamed': 'Fjern nøglen {{name}}',
  'passkeys.confirm': 'Vil du fjerne nøglen {{name}}? Du kan ikke længere logge ind med den.',
  'passkeys.confirmYes': 'Ja, fjern nøglen',
  'passkeys.confirmNo': 'Nej, behold den',
  'passkeys.removed': 'Nøglen {{name}} er fjernet.',
  'passkeys.name': 'Navn på den nye nøgle',
  'passkeys.nameHint': 'Så du kan kende den igen, for eksempel »Min telefon« eller »Vagtstuens pc«.',
  'passkeys.nameMissing': 'Skriv et navn til nøglen.',
  'passkeys.add': 'Tilføj en nøgle',
  'passkeys.added': 'Nøglen {{name}} er tilføjet. Næste gang kan du logge ind med den.',
  'passkeys.cancelled':
    'Nøglen blev ikke tilføjet. Du afbrød, eller tiden løb ud. Prøv igen, og følg det, telefonen eller computeren beder om.',
  'passkeys.already': 'Denne telefon eller nøgle er allerede tilføjet.',
  'passkeys.unsupported':
    'Denne browser kan ikke bruge nøgler. Brug en nyere browser, eller log fortsat ind med koden fra appen.',
} as const;

export const passkeyEn: Record<keyof typeof passkeyDa, string> = {
  'passkeys.heading': 'Your passkeys',
  'passkeys.what':
    'A passkey is the screen lock you already use on your phone or computer (fingerprint, face or PIN), or a small USB security key.',
  'passkeys.why':
    'With a passkey you do not need the code from the app when you log in, and you can unlock the night-watch console with one touch.',
  'passkeys.none': 'You have no passkeys yet.',
  'passkeys.listLabel': 'Your passkeys',
  'passkeys.created': 'Added {{date}}',
  'passkeys.lastUsed': 'last used {{date}}',
  'passkeys.remove': 'Remove',
  'passkeys.removeNamed': 'Remove the passkey {{name}}',
  'passkeys.confirm': 'Remove the passkey {{name}}? You can no longer log in with it.',
  'passkeys.confirmYes': 'Yes, remove the passkey',
  'passkeys.confirmNo': 'No, keep it',
  'passkeys.removed': 'The passkey {{name}} has been removed.',
  'passkeys.name': 'Name of the new passkey',
  'passkeys.nameHint': 'So you can recognise it, for example “My phone” or “Night office PC”.',
  'passkeys.nameMissing': 'Enter a name for the passkey.',
  'passkeys.add': 'Add a passkey',
  'passkeys.added': 'The passkey {{name}} has been added. Next time you can log in with it.',
  'passkeys.cancelled':
    'The passkey was not added. You cancelled, or the time ran out. Try again and follow what your phone or computer asks.',
  'passkeys.already': 'This phone or security key has already been added.',
  'passkeys.unsupported':
    'This browser cannot use passkeys. Use a newer browser, or keep logging in with the code from the app.',
};

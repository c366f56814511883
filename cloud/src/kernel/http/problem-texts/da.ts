import { AUTH_TEXTS_DA } from './auth-texts-da.js';
import { CARE_TEXTS_DA } from './care-texts-da.js';
import { DEVICE_TEXTS_DA } from './device-texts-da.js';
import { FIELD_TEXTS_DA } from './field-texts-da.js';
import { IMPORT_TEXTS_DA } from './import-texts-da.js';
import { INVITE_AND_ALERT_TEXTS_DA } from './invite-texts-da.js';

/**
 * Danish for every problem text the cloud sends (issue 12 §7). The key is the English text as the code writes
 * it, with `{{name}}` where the code interpolates `${name}`; texts.test.ts fails when a literal detail in
 * cloud/src has no entry here. Plain, polite Danish; no blame; what to do next where there is something to do.
 */
/** The texts of no one feature: titles, the kernel's defaults, what was not found, review, case and settings. */
const CORE_TEXTS_DA: Readonly<Record<string, string>> = {
  // Titles (RFC 9457 "title"), by status.
  'Invalid input': 'Ugyldige oplysninger',
  'Not logged in': 'Ikke logget ind',
  'Not allowed': 'Ikke tilladt',
  'Not found': 'Ikke fundet',
  'Method not allowed': 'Metoden er ikke tilladt',
  Conflict: 'Konflikt',
  Gone: 'Findes ikke længere',
  'Payload too large': 'For stor forespørgsel',
  'Too many requests': 'For mange forsøg',
  'Internal error': 'Intern fejl',
  'Service unavailable': 'Tjenesten er ikke tilgængelig',
  'Bad request': 'Ugyldig forespørgsel',

  // The kernel's defaults.
  'Log in first.': 'Log ind først.',
  'You are not allowed to do this.': 'Du må ikke gøre dette.',
  'Only the people in a call can report on it; you took no part in this call.':
    'Kun dem, der var med i et opkald, kan sende en måling af det; du var ikke med i dette opkald.',
  '{{what}} was not found.': '{{what}} blev ikke fundet.',
  '{{what}} was not found': '{{what}} blev ikke fundet.',
  'Too many attempts. Wait a moment and try again.': 'For mange forsøg. Vent lidt, og prøv igen.',
  'Some fields are missing or invalid.': 'Nogle felter mangler eller er udfyldt forkert.',
  'Request bodies are limited to {{MAX_FRAME_BYTES}} bytes.':
    'En forespørgsel må højst fylde {{MAX_FRAME_BYTES}} bytes.',
  'Deactivation is not available on this server.': 'Deaktivering er ikke slået til på denne server.',
  'The request could not be verified. Reload the page and try again.':
    'Forespørgslen kunne ikke bekræftes. Genindlæs siden, og prøv igen.',

  // What was not found ("{{what}} was not found."): the subject as a Danish noun in its definite form.
  Citizen: 'Borgeren',
  Credential: 'Browseren',
  Device: 'Skærmen',
  Enrolment: 'Forløbet',
  Facility: 'Bostedet',
  Import: 'Importen',
  Membership: 'Medlemskabet',
  'Missed call': 'Det mistede opkald',
  Municipality: 'Kommunen',
  'Night-watch pool': 'Nattevagten',
  'Alert token': 'Alarmnøglen',
  Permission: 'Tilladelsen',
  'SCIM token': 'SCIM-nøglen',
  Shift: 'Vagten',
  'Single sign-on for this municipality': 'Single sign-on for denne kommune',
  Slot: 'Besøget',
  slot: 'Besøget',
  'Staff member': 'Medarbejderen',
  'The municipality': 'Kommunen',
  'The passkey': 'Adgangsnøglen',
  'This address': 'Denne adresse',
  Unit: 'Enheden',
  unit: 'Enheden',

  // Access review, service case, settings, devices, unlock (issues 10, 12, 13).
  'Only a manager of this unit decides its review.':
    'Kun en leder af enheden kan tage stilling i gennemgangen.',
  'No such review line.': 'Linjen findes ikke i gennemgangen.',
  'This line is already decided.': 'Der er allerede taget stilling til linjen.',
  'This review is closed.': 'Gennemgangen er afsluttet.',
  'Review line': 'Linjen i gennemgangen',
  'The PIN is switched off after too many wrong tries. Use the code from your app.':
    'PIN-koden er slået fra efter for mange forkerte forsøg. Brug koden fra din app.',
  'Night-watch caller': 'Den, der ringer til nattevagten,',
  Call: 'Opkaldet',
  'This device is not enrolled (or is wiped), so it cannot receive commands.':
    'Skærmen er ikke tilmeldt (eller er nulstillet), så den kan ikke få kommandoer.',
  'This citizen already has an open service case.': 'Borgeren har allerede et åbent forløb.',
  'Assign the case to a unit you manage.': 'Giv forløbet til en enhed, du er leder af.',
  'A loan kiosk case needs the lent kiosk (deviceId).':
    'Et forløb med låneskærm skal have den udlånte skærm.',
  'Lend this kiosk to the citizen first (support, Skærme).':
    'Lån først skærmen ud til borgeren (Support, Skærme).',
  'An own-device case has no loan kiosk.': 'Et forløb med egen enhed har ingen låneskærm.',
  'Ending a service case is not available on this server.': 'Forløb kan ikke afsluttes på denne server.',
  'The case changed meanwhile; reload it.': 'Forløbet er ændret imens. Hent det igen.',
  'Only an ended case with a loan kiosk has a kiosk to collect.':
    'Kun et afsluttet forløb med låneskærm har en skærm, der skal hentes.',
  'The kiosk is already marked as collected.': 'Skærmen er allerede markeret som hentet.',
  'Service case': 'Forløbet',
  'These are not network addresses: {{bad}}. Write e.g. 10.20.0.0/16 or 192.0.2.7.':
    'Det er ikke netværksadresser: {{bad}}. Skriv for eksempel 10.20.0.0/16 eller 192.0.2.7.',
  'Your own address ({{ip}}) is not in the new list: you would be logged out and could not log in again from here. Add it, or confirm the change.':
    'Din egen adresse ({{ip}}) er ikke på den nye liste: du ville blive logget ud og kunne ikke logge ind igen herfra. Tilføj den, eller bekræft ændringen.',
  'These settings are not valid.': 'Indstillingerne er ikke gyldige.',
  'The console is not locked.': 'Konsollen er ikke låst.',
  'An alert mobile is a Danish mobile number: 8 digits, optionally with +45.':
    'Et mobilnummer til advarsler er et dansk mobilnummer: 8 cifre, evt. med +45 foran.',
  'A phone number has digits and spaces, optionally a leading +.':
    'Et telefonnummer består af cifre og mellemrum, eventuelt med + foran.',
};

/**
 * The catalogue by feature, each part in a file of its own (kept well under 300 lines). One English text lives
 * in one part only: texts.test.ts fails when two parts define the same key (the merge would hide one).
 */
export const PROBLEM_TEXT_PARTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  core: CORE_TEXTS_DA,
  auth: AUTH_TEXTS_DA,
  care: CARE_TEXTS_DA,
  devices: DEVICE_TEXTS_DA,
  imports: IMPORT_TEXTS_DA,
  invitesAndAlerts: INVITE_AND_ALERT_TEXTS_DA,
  // Field messages of our own zod schemas and actions.
  fields: FIELD_TEXTS_DA,
};

export const PROBLEM_TEXTS_DA: Readonly<Record<string, string>> = Object.assign(
  {},
  ...Object.values(PROBLEM_TEXT_PARTS),
);

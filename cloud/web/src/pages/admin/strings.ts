import type { PageStrings } from '../../shared/i18n.js';
import { staffStrings } from '../staff/strings.js';

const da = {
  title: 'Administration',
  intro: 'Kommunens indstillinger. Kun for systemadministratorer. Hver ændring skrives i revisionsloggen.',
  'desk.person': 'Logget ind som {{name}}',
  'desk.logout': 'Log ud',
  'set.heading': 'Indstillinger for {{name}}',
  'set.networks': 'Netværk, personalet må logge ind fra',
  'set.networksHint':
    'Én adresse eller ét net pr. linje, fx 10.20.0.0/16 eller 192.0.2.7. Personale uden for disse net kan ikke logge ind.',
  'set.yourAddress': 'Du er på adressen {{address}}.',
  'set.idle': 'Log ud efter så mange minutter uden aktivitet',
  'set.passwordAge': 'Adgangskoder udløber efter så mange dage',
  'set.idleHint':
    '1 til 1440 minutter (24 timer). Personalet får en advarsel et minut før. Nattevagtens konsol låses i stedet, mens man er på vagt.',
  'set.passwordAgeHint': '1 til 3650 dage. Derefter skal personalet vælge en ny adgangskode.',
  'set.passwordNever': 'Adgangskoder udløber aldrig',
  'set.relayOnly': 'Send alle opkald gennem relæserveren (TURN)',
  'set.relayHint': 'Til låste netværk. Kræver at serveren har en TURN-server sat op.',
  'set.minutes': 'Sparede minutter pr. gennemført opkald',
  'set.minutes.medicine': 'Medicin',
  'set.minutes.reassurance': 'Tryghed',
  'set.minutes.conversation': 'Samtale',
  'set.minutes.training': 'Træning',
  'set.helpPhone': 'Telefonnummer, borgerne kan ringe til for at få hjælp',
  'set.helpPhoneHint':
    'Kommunens support. Står i brevet, sms’en og Digital Post med koden og på borgerens side. Tomt: der står kun “Ring til kommunens support”.',
  'set.helpPhoneInvalid':
    'Skriv et telefonnummer med cifre og mellemrum, evt. + foran, i feltet “Telefonnummer, borgerne kan ringe til for at få hjælp”.',
  'set.fallback': 'Telefonnummer, borgeren får, når nattevagten ikke svarer',
  'set.fallbackFor': 'Nummer for {{name}}',
  'set.alertPhone': 'Mobilnummer, der får en sms, når nattevagten ikke kan nås',
  'set.alertPhoneFor': 'Mobil til advarsel for {{name}}',
  'set.alertPhoneHint':
    'Får en sms, når nogen er på vagt, men ingen konsol er forbundet. 8 cifre, fx 20 30 40 50. Tomt: ingen sms.',
  'set.alerts': 'Hvornår support får en advarsel',
  'set.alerts.offlineHours': 'Skærm offline i timer',
  'set.alerts.wipePendingHours': 'Sletning venter i timer',
  'set.alerts.poorRttMs': 'Svartid over (ms)',
  'set.alerts.poorLossPercent': 'Pakketab over (%)',
  'set.case': 'Opfølgning på borgernes forløb',
  'set.case.evaluationDays': 'Første evalueringer, dage efter installation (fx 7, 30)',
  'set.case.evaluateEveryDays': 'Derefter evaluering hver (dage)',
  'set.case.collectWithinDays': 'Udlånt skærm skal være hentet senest (dage efter afslutning)',
  'set.case.invalidDays': 'Skriv 1 til 6 hele dage adskilt af komma i feltet “{{field}}”, fx 7, 30.',
  'set.invalidNumber': 'Skriv et helt tal fra {{min}} til {{max}} i feltet “{{field}}”.',
  'set.invalidDecimal': 'Skriv et tal fra {{min}} til {{max}} i feltet “{{field}}”.',
  'set.save': 'Gem indstillingerne',
  'set.saved': 'Indstillingerne er gemt.',
  'set.lockoutTitle': 'Du vil lukke dig selv ude',
  'set.lockout':
    'Din egen adresse ({{address}}) er ikke med i listen. Gemmer du, bliver du logget ud med det samme og kan ikke logge ind herfra igen.',
  'set.lockoutConfirm': 'Gem alligevel, og log mig ud',
  'set.lockoutCancel': 'Fortryd',
} as const;

const en: Record<keyof typeof da, string> = {
  title: 'Administration',
  intro:
    'The municipality’s settings. For system administrators only. Every change is written to the audit log.',
  'desk.person': 'Logged in as {{name}}',
  'desk.logout': 'Log out',
  'set.heading': 'Settings for {{name}}',
  'set.networks': 'Networks staff may log in from',
  'set.networksHint':
    'One address or network per line, e.g. 10.20.0.0/16 or 192.0.2.7. Staff outside these networks cannot log in.',
  'set.yourAddress': 'You are at address {{address}}.',
  'set.idle': 'Log out after this many minutes without activity',
  'set.passwordAge': 'Passwords expire after this many days',
  'set.idleHint':
    '1 to 1440 minutes (24 hours). Staff get a warning a minute before. The night-watch console locks instead while on duty.',
  'set.passwordAgeHint': '1 to 3650 days. Then staff choose a new password.',
  'set.passwordNever': 'Passwords never expire',
  'set.relayOnly': 'Send every call through the relay server (TURN)',
  'set.relayHint': 'For locked-down networks. Needs a TURN server configured on the server.',
  'set.minutes': 'Minutes saved per completed call',
  'set.minutes.medicine': 'Medicine',
  'set.minutes.reassurance': 'Reassurance',
  'set.minutes.conversation': 'Conversation',
  'set.minutes.training': 'Training',
  'set.helpPhone': 'Phone number citizens can call for help',
  'set.helpPhoneHint':
    'The municipality’s support desk. Printed in the letter, the text message and Digital Post with the code, and on the citizen’s page. Empty: they only say “Call the municipality’s support”.',
  'set.helpPhoneInvalid':
    'Write a phone number with digits and spaces, optionally a leading +, in the field “Phone number citizens can call for help”.',
  'set.fallback': 'Phone number the citizen gets when the night watch does not answer',
  'set.fallbackFor': 'Number for {{name}}',
  'set.alertPhone': 'Mobile number texted when the night watch cannot be reached',
  'set.alertPhoneFor': 'Alert mobile for {{name}}',
  'set.alertPhoneHint':
    'Gets a text when someone is on duty but no console is connected. 8 digits, e.g. 20 30 40 50. Empty: no text.',
  'set.alerts': 'When support gets an alert',
  'set.alerts.offlineHours': 'Kiosk offline for hours',
  'set.alerts.wipePendingHours': 'Wipe waiting for hours',
  'set.alerts.poorRttMs': 'Round trip over (ms)',
  'set.alerts.poorLossPercent': 'Packet loss over (%)',
  'set.case': 'Follow-up of citizens’ service cases',
  'set.case.evaluationDays': 'First evaluations, days after installation (e.g. 7, 30)',
  'set.case.evaluateEveryDays': 'Then an evaluation every (days)',
  'set.case.collectWithinDays': 'A lent screen must be collected within (days after the end)',
  'set.case.invalidDays': 'Enter 1 to 6 whole days separated by commas in the field “{{field}}”, e.g. 7, 30.',
  'set.invalidNumber': 'Enter a whole number from {{min}} to {{max}} in the field “{{field}}”.',
  'set.invalidDecimal': 'Enter a number from {{min}} to {{max}} in the field “{{field}}”.',
  'set.save': 'Save the settings',
  'set.saved': 'The settings are saved.',
  'set.lockoutTitle': 'You would lock yourself out',
  'set.lockout':
    'Your own address ({{address}}) is not in the list. If you save, you are logged out at once and cannot log in from here again.',
  'set.lockoutConfirm': 'Save anyway and log me out',
  'set.lockoutCancel': 'Cancel',
};

/** The staff login strings come along: the page embeds the staff login (nightwatch/staff-gate.tsx). */
export const adminStrings: PageStrings<keyof typeof da | keyof typeof staffStrings.da> = {
  da: { ...staffStrings.da, ...da },
  en: { ...staffStrings.en, ...en },
};

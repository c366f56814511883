import type { PageStrings } from '../../shared/i18n.js';
import { staffStrings } from '../staff/strings.js';

const da = {
  title: 'Administration',
  intro: 'Kommunens indstillinger. Kun for systemadministratorer. Hver ændring skrives i revisionsloggen.',
  'gate.wrongRole': 'Denne side er kun for systemadministratorer. Du er logget ind, men uden den rolle.',
  'desk.person': 'Logget ind som {{name}}',
  'desk.logout': 'Log ud',
  'set.heading': 'Indstillinger for {{name}}',
  'set.networks': 'Netværk, personalet må logge ind fra',
  'set.networksHint':
    'Én adresse eller ét net pr. linje, fx 10.20.0.0/16 eller 192.0.2.7. Personale uden for disse net kan ikke logge ind.',
  'set.yourAddress': 'Du er på adressen {{address}}.',
  'set.idle': 'Log ud efter så mange minutter uden aktivitet',
  'set.passwordAge': 'Adgangskoder udløber efter så mange dage',
  'set.passwordNever': 'Adgangskoder udløber aldrig',
  'set.relayOnly': 'Send alle opkald gennem relæserveren (TURN)',
  'set.relayHint': 'Til låste netværk. Kræver at serveren har en TURN-server sat op.',
  'set.minutes': 'Sparede minutter pr. gennemført opkald',
  'set.minutes.medicine': 'Medicin',
  'set.minutes.reassurance': 'Tryghed',
  'set.minutes.conversation': 'Samtale',
  'set.minutes.training': 'Træning',
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
  'set.invalidNumber': 'Skriv et tal på mindst {{min}} i feltet “{{field}}”.',
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
  'gate.wrongRole': 'This page is for system administrators only. You are logged in, but without that role.',
  'desk.person': 'Logged in as {{name}}',
  'desk.logout': 'Log out',
  'set.heading': 'Settings for {{name}}',
  'set.networks': 'Networks staff may log in from',
  'set.networksHint':
    'One address or network per line, e.g. 10.20.0.0/16 or 192.0.2.7. Staff outside these networks cannot log in.',
  'set.yourAddress': 'You are at address {{address}}.',
  'set.idle': 'Log out after this many minutes without activity',
  'set.passwordAge': 'Passwords expire after this many days',
  'set.passwordNever': 'Passwords never expire',
  'set.relayOnly': 'Send every call through the relay server (TURN)',
  'set.relayHint': 'For locked-down networks. Needs a TURN server configured on the server.',
  'set.minutes': 'Minutes saved per completed call',
  'set.minutes.medicine': 'Medicine',
  'set.minutes.reassurance': 'Reassurance',
  'set.minutes.conversation': 'Conversation',
  'set.minutes.training': 'Training',
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
  'set.invalidNumber': 'Enter a number of at least {{min}} in the field “{{field}}”.',
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

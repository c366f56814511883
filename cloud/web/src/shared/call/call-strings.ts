import type { PageStrings } from '../i18n.js';

/**
 * The call screens' words, merged into each page's strings (staff, citizen, night watch). Plain and short:
 * citizens may be cognitively impaired. Refusals and ends are explained by code, never by the server's text
 * alone, so English readers get English.
 */
const da = {
  'call.remoteVideo': 'Video fra {{name}}',
  'call.selfView': 'Dig selv',
  'call.mute': 'Slå lyden fra',
  'call.unmute': 'Slå lyden til',
  'call.cameraOff': 'Sluk kamera',
  'call.cameraOn': 'Tænd kamera',
  'call.hangUp': 'Læg på',
  'call.with': 'I opkald med {{name}}',
  'call.ringingOut': 'Ringer til {{name}} …',
  'call.connecting': 'Forbinder …',
  'call.reconnecting': 'Forbindelsen er dårlig. Vi prøver igen …',
  'call.linkDown': 'Ingen forbindelse til serveren. Vi prøver igen …',
  'call.soundBlocked': 'Tryk her for at høre lyden',
  'call.audioOnly':
    'Kun lyd: Forbindelsen er for svag til billede lige nu. Billedet kommer igen af sig selv, når forbindelsen bliver bedre.',
  'call.noCamera': 'Kameraet eller mikrofonen kunne ikke starte. Den anden kan ikke se eller høre dig.',
  'call.quality': 'Forbindelse: {{quality}}',
  'call.quality.good': 'god',
  'call.quality.fair': 'middel',
  'call.quality.poor': 'dårlig',
  'call.quality.unknown': 'måler …',
  'call.ok': 'OK',
  'ended.hung_up': 'Opkaldet er slut.',
  'ended.declined': 'Opkaldet blev afvist.',
  'ended.no_answer': 'Der var ingen, der tog den.',
  'ended.missed': 'Du nåede ikke at tage opkaldet fra {{name}}.',
  'ended.taken_by_another': 'En anden tog opkaldet.',
  'ended.takenBy': '{{name}} tog opkaldet.',
  'ended.permission_revoked': 'Opkaldet blev stoppet, fordi adgangen er fjernet.',
  'ended.failed': 'Forbindelsen blev afbrudt.',
  'refused.not_permitted': 'Du må ikke ringe til denne person.',
  'refused.outside_time_window': 'Det er uden for det aftalte tidsrum.',
  // Named: "Hjemmeplejen kan ikke nås …" when she pressed Ring til hjemmeplejen; "Personen" read as a stranger.
  'refused.callee_offline': '{{name}} kan ikke nås lige nu. Prøv igen lidt senere.',
  'refused.callee_busy': '{{name}} er i et andet opkald. Prøv igen om lidt.',
  'refused.thePerson': 'Personen',
  'refused.nobody_on_duty': 'Nattevagten kan ikke tage opkaldet lige nu.',
  'refused.callInstead': 'Ring i stedet til dette nummer:',
  'refused.rate_limited': 'For mange opkald på kort tid. Vent lidt.',
  'refused.invalid_message': 'Opkaldet kunne ikke sendes. Prøv igen.',
  'refused.heading': 'Opkaldet blev ikke gennemført',
  // After "uden for det aftalte tidsrum": when she can call again (next-call.ts), Copenhagen's day and time.
  'refused.again.today': 'Du kan ringe igen i dag kl. {{time}}{{zone}}.',
  'refused.again.tomorrow': 'Du kan ringe igen i morgen kl. {{time}}{{zone}}.',
  'refused.again.weekday': 'Du kan ringe igen på {{weekday}} kl. {{time}}{{zone}}.',
  'refused.again.date': 'Du kan ringe igen den {{date}} kl. {{time}}{{zone}}.',
} as const;

const en: Record<keyof typeof da, string> = {
  'call.remoteVideo': 'Video from {{name}}',
  'call.selfView': 'You',
  'call.mute': 'Turn sound off',
  'call.unmute': 'Turn sound on',
  'call.cameraOff': 'Turn camera off',
  'call.cameraOn': 'Turn camera on',
  'call.hangUp': 'Hang up',
  'call.with': 'In a call with {{name}}',
  'call.ringingOut': 'Calling {{name}} …',
  'call.connecting': 'Connecting …',
  'call.reconnecting': 'The connection is poor. Trying again …',
  'call.linkDown': 'No connection to the server. Trying again …',
  'call.soundBlocked': 'Tap here to hear the sound',
  'call.audioOnly':
    'Sound only: the connection is too weak for video right now. The picture comes back by itself when the connection improves.',
  'call.noCamera': 'The camera or microphone could not start. The other person cannot see or hear you.',
  'call.quality': 'Connection: {{quality}}',
  'call.quality.good': 'good',
  'call.quality.fair': 'fair',
  'call.quality.poor': 'poor',
  'call.quality.unknown': 'measuring …',
  'call.ok': 'OK',
  'ended.hung_up': 'The call has ended.',
  'ended.declined': 'The call was declined.',
  'ended.no_answer': 'Nobody answered.',
  'ended.missed': 'You missed the call from {{name}}.',
  'ended.taken_by_another': 'Someone else took the call.',
  'ended.takenBy': '{{name}} took the call.',
  'ended.permission_revoked': 'The call was stopped because access was removed.',
  'ended.failed': 'The connection was lost.',
  'refused.not_permitted': 'You may not call this person.',
  'refused.outside_time_window': 'This is outside the agreed hours.',
  'refused.callee_offline': '{{name}} is not available right now. Try again a little later.',
  'refused.callee_busy': '{{name}} is in another call. Try again shortly.',
  'refused.thePerson': 'The person',
  'refused.nobody_on_duty': 'The night watch cannot take the call right now.',
  'refused.callInstead': 'Call this number instead:',
  'refused.rate_limited': 'Too many calls in a short time. Please wait a little.',
  'refused.invalid_message': 'The call could not be sent. Please try again.',
  'refused.heading': 'The call did not go through',
  'refused.again.today': 'You can call again today at {{time}}{{zone}}.',
  'refused.again.tomorrow': 'You can call again tomorrow at {{time}}{{zone}}.',
  'refused.again.weekday': 'You can call again on {{weekday}} at {{time}}{{zone}}.',
  'refused.again.date': 'You can call again on {{date}} at {{time}}{{zone}}.',
};

export type CallStringKey = keyof typeof da;
export const callStrings: PageStrings<CallStringKey> = { da, en };

/** A page's strings with the call screens' words added. */
export function withCallStrings<K extends string>(page: PageStrings<K>): PageStrings<K | CallStringKey> {
  return { da: { ...callStrings.da, ...page.da }, en: { ...callStrings.en, ...page.en } };
}

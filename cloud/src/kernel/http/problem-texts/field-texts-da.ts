/**
 * Danish for our own field messages (issue 12 §7): the custom messages of the zod schemas that validate
 * requests (`.regex(re, '…')`, `.refine(…, { message })`) and the `{ path, message }` field problems actions
 * throw. zod's built-in messages come from zod's Danish locale instead (localise.ts). field-texts.test.ts fails
 * when a message in cloud/src has no entry here; the operator's start-up configuration (kernel/config.ts,
 * kernel/ice-uri.ts) is logged for the operator in English and is not sent to a browser.
 */
export const FIELD_TEXTS_DA: Readonly<Record<string, string>> = {
  // Citizens, activation codes, factors.
  'one to four letters': 'et til fire bogstaver',
  'a photo reference (object key)': 'en billedreference (objektnøgle)',
  'a Danish mobile number: 8 digits, optionally with +45':
    'et dansk mobilnummer: 8 cifre, evt. med +45 foran',
  'a Digital Post recipient reference': 'en modtagerreference til Digital Post',
  '4 to 8 digits': '4 til 8 cifre',
  '6 digits': '6 cifre',
  'six digits': 'seks cifre',
  '6 to 8 digits': '6 til 8 cifre',
  'wrong code': 'forkert kode',
  'wrong password': 'forkert adgangskode',
  reused: 'brugt før',
  required: 'skal udfyldes',
  'expected base64url': 'skal være base64url',
  'no control characters': 'må ikke indeholde kontroltegn',

  // Times and plans.
  'use HH:mm, e.g. 09:30': 'skriv tidspunktet som TT:MM, f.eks. 09:30',
  'use HH:mm, e.g. 07:00': 'skriv tidspunktet som TT:MM, f.eks. 07:00',
  'from and to must differ': '"fra" og "til" skal være forskellige',
  'from cannot be 24:00': '"fra" kan ikke være 24:00',
  'answerAt before ringAt': 'svartidspunktet ligger før opringningen',
  'connectedAt without or before answerAt': 'forbundet uden svar eller før svaret',
  'endAt too early': 'sluttidspunktet ligger for tidligt',

  // Devices, night watch, settings, single sign-on, service cases.
  'letters, digits, dot, dash and underscore, e.g. KBH-0001':
    'bogstaver, cifre, punktum, bindestreg og understreg, f.eks. KBH-0001',
  'required when night watch is enabled': 'skal udfyldes, når nattevagtsknappen er slået til',
  'required when scope is unit': 'skal udfyldes, når scope er unit',
  'only with scope unit': 'kun sammen med scope unit',
  'digits and spaces, optionally a leading +': 'cifre og mellemrum, eventuelt med + foran',
  '+45 and 8 digits': '+45 og 8 cifre',
  'inactivityDisableDays must be later than inactivityWarnDays':
    'dage før lukning skal være flere end dage før advarsel',
  'the new list leaves out your own address': 'den nye liste udelader din egen adresse',
  'must use https': 'skal bruge https',
  'letters, digits, space, dot, colon and dash': 'bogstaver, cifre, mellemrum, punktum, kolon og bindestreg',
  'Write a role or organisation, never a CPR number.':
    'Skriv en rolle eller en organisation, aldrig et CPR-nummer.',
  'Write the reason without a CPR number: ScreenVisit stores none.':
    'Skriv grunden uden CPR-nummer. ScreenVisit gemmer ingen CPR-numre.',
};

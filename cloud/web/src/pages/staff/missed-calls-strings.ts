/** The day page's list of citizens who called and reached nobody, kept apart so the staff catalog stays small. */
export const missedCallsDa = {
  'missed.heading': 'Borgere, der har ringet uden at nå nogen',
  'missed.hint': 'Ingen tog deres opkald. De forsvinder fra listen, når nogen har talt med dem.',
  'missed.today': 'ringede kl. {{time}}',
  'missed.yesterday': 'ringede i går kl. {{time}}',
  'missed.attempts_one': '',
  'missed.attempts_other': '({{count}} gange)',
  'missed.callBack': 'Ring tilbage til {{name}}',
  'missed.notNow': 'Du må ikke ringe til {{name}} lige nu.',
};

export const missedCallsEn: Record<keyof typeof missedCallsDa, string> = {
  'missed.heading': 'Citizens who called and reached nobody',
  'missed.hint': 'Nobody took their call. They leave the list once someone has spoken with them.',
  'missed.today': 'called at {{time}}',
  'missed.yesterday': 'called yesterday at {{time}}',
  'missed.attempts_one': '',
  'missed.attempts_other': '({{count}} times)',
  'missed.callBack': 'Call {{name}} back',
  'missed.notNow': 'You may not call {{name}} right now.',
};

/**
 * The citizen's auto-answer policy as support reads and changes it (cloud/src/care/auto-answer.ts), and the one
 * line the kiosk page shows instead of a kiosk setting the kiosk never followed (DeviceConfig.autoAnswer).
 */
export const autoAnswerDa = {
  'autoAnswer.heading': 'Opkald der besvares af sig selv',
  'autoAnswer.intro':
    'Gælder borgerens skærm og borgerens egen telefon eller tablet. Kun opkald fra personale, der må ringe til borgeren, besvares af sig selv; opkald fra pårørende og andre borgere aldrig.',
  'autoAnswer.enabled': 'Besvar opkald fra personale af sig selv',
  'autoAnswer.countdown': 'Sekunder før opkaldet besvares (3–60)',
  'autoAnswer.quiet': 'Stille timer (opkald besvares aldrig af sig selv)',
  'autoAnswer.quietFrom': 'Stille fra kl.',
  'autoAnswer.quietTo': 'Stille til kl.',
  'autoAnswer.quietHint': 'Stille timer må gå over midnat, fx fra kl. 22.00 til kl. 07.00.',
  'autoAnswer.quietSame': 'Stille timer skal begynde og slutte på forskellige klokkeslæt.',
  'autoAnswer.save': 'Gem for {{name}}',
  'autoAnswer.saved': 'Gemt for {{name}}.',
  'autoAnswer.on':
    'Opkald fra personale besvares af sig selv efter {{seconds}} sekunder; borgeren kan nå at afvise. Aldrig i stille timer.',
  'autoAnswer.onQuiet':
    'Opkald fra personale besvares af sig selv efter {{seconds}} sekunder; borgeren kan nå at afvise. Aldrig i stille timer (kl. {{from}} til {{to}}).',
  'autoAnswer.off': 'Opkald besvares ikke af sig selv: borgeren trykker selv for at tage imod.',
  'autoAnswer.dnd':
    'Forstyr ikke til {{until}} (sat af personalet): indtil da besvares intet opkald af sig selv.',
  'autoAnswer.kioskOn':
    'Besvares af sig selv efter {{seconds}} sekunder ({{owner}} indstilling) — ændres under Borgere.',
  'autoAnswer.kioskOnQuiet':
    'Besvares af sig selv efter {{seconds}} sekunder, aldrig kl. {{from}} til {{to}} ({{owner}} indstilling) — ændres under Borgere.',
  'autoAnswer.kioskOff': 'Besvares ikke af sig selv ({{owner}} indstilling) — ændres under Borgere.',
  'autoAnswer.kioskLabel': 'Besvar selv opkald',
} as const;

export const autoAnswerEn: Record<keyof typeof autoAnswerDa, string> = {
  'autoAnswer.heading': 'Calls answered by themselves',
  'autoAnswer.intro':
    'Applies to the citizen’s kiosk and to their own phone or tablet. Only calls from staff allowed to call the citizen are answered by themselves; calls from relatives and other citizens never.',
  'autoAnswer.enabled': 'Answer calls from staff by themselves',
  'autoAnswer.countdown': 'Seconds before the call is answered (3–60)',
  'autoAnswer.quiet': 'Quiet hours (calls are never answered by themselves)',
  'autoAnswer.quietFrom': 'Quiet from',
  'autoAnswer.quietTo': 'Quiet until',
  'autoAnswer.quietHint': 'Quiet hours may span midnight, e.g. from 22:00 to 07:00.',
  'autoAnswer.quietSame': 'Quiet hours must start and end at different times.',
  'autoAnswer.save': 'Save for {{name}}',
  'autoAnswer.saved': 'Saved for {{name}}.',
  'autoAnswer.on':
    'Calls from staff are answered by themselves after {{seconds}} seconds; the citizen can still refuse. Never in quiet hours.',
  'autoAnswer.onQuiet':
    'Calls from staff are answered by themselves after {{seconds}} seconds; the citizen can still refuse. Never in quiet hours ({{from}} to {{to}}).',
  'autoAnswer.off': 'Calls are not answered by themselves: the citizen presses to accept.',
  'autoAnswer.dnd':
    'Do not disturb until {{until}} (set by staff): until then no call is answered by itself.',
  'autoAnswer.kioskOn':
    'Answered by itself after {{seconds}} seconds ({{owner}} setting) — changed under Citizens.',
  'autoAnswer.kioskOnQuiet':
    'Answered by itself after {{seconds}} seconds, never {{from}} to {{to}} ({{owner}} setting) — changed under Citizens.',
  'autoAnswer.kioskOff': 'Not answered by itself ({{owner}} setting) — changed under Citizens.',
  'autoAnswer.kioskLabel': 'Answer calls by itself',
};

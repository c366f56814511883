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
  'autoAnswer.kioskOn': 'Besvares af sig selv efter {{seconds}} sekunder ({{owner}} indstilling).',
  'autoAnswer.kioskOnQuiet':
    'Besvares af sig selv efter {{seconds}} sekunder, aldrig kl. {{from}} til {{to}} ({{owner}} indstilling).',
  'autoAnswer.kioskOff': 'Besvares ikke af sig selv ({{owner}} indstilling).',
  'autoAnswer.kioskLabel': 'Besvar selv opkald',
  'autoAnswer.kioskEdit': 'Ret {{owner}} indstilling',
  'autoAnswer.dndHeading': 'Forstyr ikke',
  'autoAnswer.dndHint':
    'Fx under en indlæggelse: indtil da besvares intet opkald af sig selv. Opkald ringer stadig, og borgeren kan selv tage imod.',
  'autoAnswer.dndDate': 'Forstyr ikke til dato',
  'autoAnswer.dndTime': 'Forstyr ikke til kl.',
  'autoAnswer.dndSet': 'Slå forstyr ikke til',
  'autoAnswer.dndSetDone': 'Forstyr ikke er slået til for {{name}} til {{until}}.',
  'autoAnswer.dndMissing': 'Skriv både dato og klokkeslæt.',
  'autoAnswer.dndPast': 'Vælg et tidspunkt, der ikke er gået endnu.',
  'autoAnswer.dndClear': 'Slå forstyr ikke fra',
  'autoAnswer.dndClearTitle': 'Slå forstyr ikke fra for {{name}}?',
  'autoAnswer.dndClearText':
    'Forstyr ikke gælder til {{until}}. Slår du det fra, gælder {{owner}} indstilling igen med det samme.',
  'autoAnswer.dndCleared': 'Forstyr ikke er slået fra for {{name}}.',
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
  'autoAnswer.kioskOn': 'Answered by itself after {{seconds}} seconds ({{owner}} setting).',
  'autoAnswer.kioskOnQuiet':
    'Answered by itself after {{seconds}} seconds, never {{from}} to {{to}} ({{owner}} setting).',
  'autoAnswer.kioskOff': 'Not answered by itself ({{owner}} setting).',
  'autoAnswer.kioskLabel': 'Answer calls by itself',
  'autoAnswer.kioskEdit': 'Change {{owner}} setting',
  'autoAnswer.dndHeading': 'Do not disturb',
  'autoAnswer.dndHint':
    'E.g. during a hospital stay: until then no call is answered by itself. Calls still ring, and the citizen can accept them.',
  'autoAnswer.dndDate': 'Do not disturb until (date)',
  'autoAnswer.dndTime': 'Do not disturb until (time)',
  'autoAnswer.dndSet': 'Turn do not disturb on',
  'autoAnswer.dndSetDone': 'Do not disturb is on for {{name}} until {{until}}.',
  'autoAnswer.dndMissing': 'Enter both a date and a time.',
  'autoAnswer.dndPast': 'Choose a time that has not passed yet.',
  'autoAnswer.dndClear': 'Turn do not disturb off',
  'autoAnswer.dndClearTitle': 'Turn do not disturb off for {{name}}?',
  'autoAnswer.dndClearText':
    'Do not disturb holds until {{until}}. If you turn it off, {{owner}} setting applies again at once.',
  'autoAnswer.dndCleared': 'Do not disturb is off for {{name}}.',
};

/**
 * Support's kiosk list: its search, state filter and row count, and the panel that pushes one settings change to
 * many kiosks (devices-section.tsx, bulk-settings-panel.tsx). Danish first, English with exactly the same keys.
 */
export const kioskListDa = {
  'kioskList.search': 'Søg skærm eller borger',
  'kioskList.searchHint': 'Skærmens mærkat eller borgerens navn, fx KBH-0001 eller Aase.',
  'kioskList.searchLabelOnly': 'Søg skærm',
  'kioskList.searchLabelOnlyHint': 'Skærmens mærkat, fx KBH-0001.',
  'kioskList.state': 'Vis skærme',
  'kioskList.all': 'Alle',
  'kioskList.option': '{{name}} ({{count}})',
  // i18next plural keys (count = the whole list): 'af 1 skærm', 'af 40 skærme'.
  'kioskList.shown_one': 'Viser {{shown}} af {{count}} skærm',
  'kioskList.shown_other': 'Viser {{shown}} af {{count}} skærme',
  'kioskList.noMatch': 'Ingen skærme passer til søgningen og filteret.',
  'kioskList.clear': 'Vis alle skærme',
  'kioskList.engine': 'Medie: {{engine}}',
  'lendRun.heading': 'Lån en skærm ud',
  'lendRun.kiosk': 'Skærm, der lånes ud',
  // count = the kiosks that can be lent now: 'ledig', 'ledige'.
  'lendRun.kioskHint_one':
    '1 skærm er ledig. Tag den kasse, der står her, eller vælg den mærkat, du har i hånden.',
  'lendRun.kioskHint_other':
    '{{count}} skærme er ledige. Den næste efter mærkaten er valgt: tag den kasse, eller vælg den mærkat, du har i hånden.',
  'lendRun.option': '{{label}} – {{status}}',
  'lendRun.to': 'Lån {{label}} til {{name}}',
  'lendRun.done': '{{label}} er udlånt til {{name}}.',
  'lendRun.code': 'Tilmeldingskode til {{label}}:',
  'lendRun.codeRule':
    'Skriv den ind på skærmen, når den tændes første gang. Den virker én gang, til {{until}}.',
  'lendRun.codeFailed':
    'Tilmeldingskoden kunne ikke laves lige nu. Åbn {{label}}, og tryk Lav tilmeldingskode.',
  'lendRun.codeKept':
    '{{label}} har allerede en tilmeldingskode, som virker til {{until}}. Den er ikke skiftet ud: brug den kode, du har. Har du den ikke, så åbn {{label}}, og tryk Lav tilmeldingskode; så holder den gamle op med at virke.',
  'lendRun.ready': '{{label}} er tilmeldt i forvejen og får borgerens kontakter, så snart den er online.',
  'lendRun.none':
    'Ingen skærme er ledige lige nu. Registrér en ny skærm herunder, eller slet en skærm, der er taget retur.',
  'lendRun.waiting_one': '1 skærm er taget retur og skal slettes, før den kan lånes ud til en anden borger.',
  'lendRun.waiting_other':
    '{{count}} skærme er taget retur og skal slettes, før de kan lånes ud til en anden borger.',
  'lendRun.showWaiting': 'Vis skærmene, der skal slettes',
  'bulk.open': 'Skift indstillinger for mange skærme',
  'bulk.intro':
    'Én ændring til mange skærme på én gang. Udfyld kun det, der skal ændres: resten beholder hver skærm.',
  'bulk.scope': 'Hvilke skærme',
  'bulk.scopeHint':
    'Vælger du en enhed, får de skærme ændringen, der er udlånt til borgere i enheden nu. Skærme, der slettes eller er kasseret, får intet.',
  'bulk.scopeAll': 'Alle skærme i kommunen',
  'bulk.scopeUnit': 'Udlånt til borgere i {{unit}}',
  'bulk.volume': 'Ny lydstyrke (0–100)',
  'bulk.brightness': 'Ny lysstyrke (0–100)',
  'bulk.keepHint': 'Tomt felt: hver skærm beholder sin egen.',
  'bulk.quiet': 'Stille timer (ringer lavt og svarer aldrig selv)',
  'bulk.quietKeep': 'Behold hver skærms egne',
  'bulk.quietOn': 'Slå til på alle',
  'bulk.quietOff': 'Slå fra på alle',
  'bulk.review': 'Send ændringen til skærmene',
  // count = the preview's kiosks (GET /api/devices/config/preview): 'til 1 skærm', 'til 40 skærme'.
  'bulk.confirmTitle_one': 'Send {{changes}} til {{count}} skærm {{where}}?',
  'bulk.confirmTitle_other': 'Send {{changes}} til {{count}} skærme {{where}}?',
  'bulk.confirmRest':
    'Resten af indstillingerne beholder hver skærm. Skærme, der er online, får ændringen med det samme; de andre, næste gang de går online.',
  'bulk.confirmYes': 'Ja, send ændringen',
  'bulk.where.all': 'i kommunen',
  'bulk.where.unit': 'udlånt til borgere i {{unit}}',
  // count = of them, not in use now (registered, credential revoked, lost or in repair, taken back and not wiped):
  // in the question and the answer.
  'bulk.notInUse_one': '{{count}} af dem er ikke i brug lige nu og får den, når den tages i brug igen.',
  'bulk.notInUse_other': '{{count}} af dem er ikke i brug lige nu og får den, når de tages i brug igen.',
  'bulk.noneInUse_one': 'Skærmen er ikke i brug lige nu og får ændringen, når den tages i brug igen.',
  'bulk.noneInUse_other': 'Ingen af dem er i brug lige nu: de får ændringen, når de tages i brug igen.',
  'bulk.noneAll':
    'Ingen skærme at sende til: kommunen har ingen tilmeldte skærme, der kan få indstillinger (skærme, der slettes eller er kasseret, får intet).',
  'bulk.noneUnit': 'Ingen skærme at sende til: ingen borger i {{unit}} har en tilmeldt skærm lånt.',
  'bulk.change.volume': 'lydstyrke {{value}}',
  'bulk.change.brightness': 'lysstyrke {{value}}',
  'bulk.change.quietOn': 'stille timer fra kl. {{from}} til {{to}}',
  'bulk.change.quietOff': 'ingen stille timer',
  'bulk.and': 'og',
  'bulk.done_one': '{{count}} skærm har fået ændringen.',
  'bulk.done_other': '{{count}} skærme har fået ændringen.',
  'bulk.whenOnline_one': 'Er skærmen online, får den ændringen nu; ellers næste gang den går online.',
  'bulk.whenOnline_other': 'Skærme, der er online, får den nu; de andre, næste gang de går online.',
  'bulk.doneNoneAll':
    'Ingen skærme fik ændringen: kommunen har ingen tilmeldte skærme, der kan få indstillinger (skærme, der slettes eller er kasseret, får intet).',
  'bulk.doneNoneUnit': 'Ingen skærme fik ændringen: ingen borger i {{unit}} har en tilmeldt skærm lånt.',
  'bulk.problem.nothing': 'Vælg mindst én indstilling, der skal ændres.',
  'bulk.problem.volume': 'Skriv et helt tal fra 0 til 100, eller lad feltet stå tomt.',
  'bulk.problem.brightness': 'Skriv et helt tal fra 0 til 100, eller lad feltet stå tomt.',
  'bulk.problem.quietTimes': 'Skriv begge klokkeslæt for de stille timer, fx 22:00 og 07:00.',
  'bulk.problem.quietSame': 'Stille timer skal begynde og slutte på forskellige klokkeslæt.',
} as const;

export const kioskListEn: Record<keyof typeof kioskListDa, string> = {
  'kioskList.search': 'Search kiosk or citizen',
  'kioskList.searchHint': 'The kiosk’s label or the citizen’s name, e.g. KBH-0001 or Aase.',
  'kioskList.searchLabelOnly': 'Search kiosk',
  'kioskList.searchLabelOnlyHint': 'The kiosk’s label, e.g. KBH-0001.',
  'kioskList.state': 'Show kiosks',
  'kioskList.all': 'All',
  'kioskList.option': '{{name}} ({{count}})',
  'kioskList.shown_one': 'Showing {{shown}} of {{count}} kiosk',
  'kioskList.shown_other': 'Showing {{shown}} of {{count}} kiosks',
  'kioskList.noMatch': 'No kiosk matches the search and the filter.',
  'kioskList.clear': 'Show all kiosks',
  'kioskList.engine': 'Media: {{engine}}',
  'lendRun.heading': 'Lend a kiosk',
  'lendRun.kiosk': 'Kiosk to lend',
  'lendRun.kioskHint_one': '1 kiosk is free. Take that box, or choose the label of the box in your hand.',
  'lendRun.kioskHint_other':
    '{{count}} kiosks are free. The next one by label is chosen: take that box, or choose the label of the box in your hand.',
  'lendRun.option': '{{label}} – {{status}}',
  'lendRun.to': 'Lend {{label}} to {{name}}',
  'lendRun.done': '{{label}} is lent to {{name}}.',
  'lendRun.code': 'Enrolment code for {{label}}:',
  'lendRun.codeRule':
    'Type it on the kiosk when it is switched on the first time. It works once, until {{until}}.',
  'lendRun.codeFailed':
    'The enrolment code could not be made just now. Open {{label}} and press Make an enrolment code.',
  'lendRun.codeKept':
    '{{label}} already has an enrolment code, which works until {{until}}. It was not replaced: use the code you have. If you do not have it, open {{label}} and press Make an enrolment code; the old one then stops working.',
  'lendRun.ready': '{{label}} is enrolled already and gets the citizen’s contacts as soon as it is online.',
  'lendRun.none':
    'No kiosk is free just now. Register a new kiosk below, or wipe a kiosk that was taken back.',
  'lendRun.waiting_one': '1 kiosk was taken back and must be wiped before it can be lent to another citizen.',
  'lendRun.waiting_other':
    '{{count}} kiosks were taken back and must be wiped before they can be lent to another citizen.',
  'lendRun.showWaiting': 'Show the kiosks to wipe',
  'bulk.open': 'Change settings for many kiosks',
  'bulk.intro': 'One change to many kiosks at once. Fill in only what changes: each kiosk keeps the rest.',
  'bulk.scope': 'Which kiosks',
  'bulk.scopeHint':
    'If you choose a unit, the kiosks lent to citizens of that unit now get the change. Kiosks being wiped or retired get nothing.',
  'bulk.scopeAll': 'All kiosks in the municipality',
  'bulk.scopeUnit': 'Lent to citizens of {{unit}}',
  'bulk.volume': 'New volume (0–100)',
  'bulk.brightness': 'New brightness (0–100)',
  'bulk.keepHint': 'Empty: each kiosk keeps its own.',
  'bulk.quiet': 'Quiet hours (rings softly, never answers by itself)',
  'bulk.quietKeep': 'Keep each kiosk’s own',
  'bulk.quietOn': 'Turn on for all',
  'bulk.quietOff': 'Turn off for all',
  'bulk.review': 'Send the change to the kiosks',
  'bulk.confirmTitle_one': 'Send {{changes}} to {{count}} kiosk {{where}}?',
  'bulk.confirmTitle_other': 'Send {{changes}} to {{count}} kiosks {{where}}?',
  'bulk.confirmRest':
    'Each kiosk keeps the rest of its settings. Kiosks that are online get the change at once; the others the next time they come online.',
  'bulk.confirmYes': 'Yes, send the change',
  'bulk.where.all': 'in the municipality',
  'bulk.where.unit': 'lent to citizens of {{unit}}',
  'bulk.notInUse_one': '{{count}} of them is not in use right now and gets it when it is put back in use.',
  'bulk.notInUse_other':
    '{{count}} of them are not in use right now and get it when they are put back in use.',
  'bulk.noneInUse_one': 'The kiosk is not in use right now and gets the change when it is put back in use.',
  'bulk.noneInUse_other':
    'None of them is in use right now: they get the change when they are put back in use.',
  'bulk.noneAll':
    'No kiosk to send to: the municipality has no enrolled kiosk that takes settings (kiosks being wiped or retired get nothing).',
  'bulk.noneUnit': 'No kiosk to send to: no citizen of {{unit}} has an enrolled kiosk on loan.',
  'bulk.change.volume': 'volume {{value}}',
  'bulk.change.brightness': 'brightness {{value}}',
  'bulk.change.quietOn': 'quiet hours from {{from}} to {{to}}',
  'bulk.change.quietOff': 'no quiet hours',
  'bulk.and': 'and',
  'bulk.done_one': '{{count}} kiosk got the change.',
  'bulk.done_other': '{{count}} kiosks got the change.',
  'bulk.whenOnline_one': 'If it is online it gets the change now; otherwise the next time it comes online.',
  'bulk.whenOnline_other': 'Kiosks that are online get it now; the others the next time they come online.',
  'bulk.doneNoneAll':
    'No kiosk got the change: the municipality has no enrolled kiosk that takes settings (kiosks being wiped or retired get nothing).',
  'bulk.doneNoneUnit': 'No kiosk got the change: no citizen of {{unit}} has an enrolled kiosk on loan.',
  'bulk.problem.nothing': 'Choose at least one setting to change.',
  'bulk.problem.volume': 'Enter a whole number from 0 to 100, or leave the field empty.',
  'bulk.problem.brightness': 'Enter a whole number from 0 to 100, or leave the field empty.',
  'bulk.problem.quietTimes': 'Enter both times of the quiet hours, e.g. 22:00 and 07:00.',
  'bulk.problem.quietSame': 'Quiet hours must start and end at different times.',
};

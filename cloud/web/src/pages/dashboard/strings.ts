import type { PageStrings } from '../../shared/i18n.js';
import { staffStrings } from '../staff/strings.js';
import { managerDa, managerEn } from './manager-strings.js';

const da = {
  title: 'Overblik over skærmbesøg',
  intro:
    'Tallene, business casen måles på: aktive borgere og medarbejdere, gennemførte besøg og sparet tid. Kun opkald, hvor begge parter fik forbindelse, tæller.',
  'desk.person': 'Logget ind som {{name}}',
  'desk.logout': 'Log ud',
  'period.from': 'Fra dato',
  'period.to': 'Til dato',
  'period.show': 'Vis',
  'period.csv': 'Hent CSV',
  'period.vtv': 'Hent VTV-eksport',
  'period.print': 'Udskriv',
  loading: 'Henter tal …',
  none: 'Der er ingen tal i perioden.',
  'cards.heading': 'Seneste hele uge og seneste 30 dage',
  'cards.citizensWeek': 'Aktive borgere i uge {{week}}: {{count}} af målet {{target}}',
  'cards.staffWeek': 'Aktive medarbejdere i uge {{week}}: {{count}} af målet {{target}}',
  'cards.citizensMonth': 'Aktive borgere de seneste 30 dage: {{count}} af målet {{target}}',
  'cards.staffMonth': 'Aktive medarbejdere de seneste 30 dage: {{count}} af målet {{target}}',
  'cards.devices': 'Udlånte skærme på nettet lige nu: {{online}} af {{lent}}',
  'cards.noDevices': 'Ingen udlånte skærme i dine enheder',
  'cards.notEnrolled_one': '{{count}} udlånt skærm er ikke tilmeldt endnu og kan ikke være på nettet',
  'cards.notEnrolled_other': '{{count}} udlånte skærme er ikke tilmeldt endnu og kan ikke være på nettet',
  'cards.uptime': 'Udlånte skærmes oppetid i uge {{week}}: {{share}} %',
  partial: '{{week}} (i gang)',
  'partial.note':
    'Ugen, der stadig er i gang, står i tabellerne med "(i gang)", men er ikke med i diagrammerne: en halv uge ville se ud som et fald.',
  'media.heading': 'Hvad parterne målte om opkald, der nåede samtale',
  'media.connected': 'Opkald, der nåede samtale',
  'media.measured': 'Målt: lyd/billede kom igennem',
  'media.noMedia': 'Målt: intet kom igennem',
  'media.notMeasured': 'Ikke målt',
  'media.note':
    'Et opkald har forbindelse, når begge parter havde lyd eller billede: det nåede samtale (begge satte lyd og billede op), og ingen parts måling viser, at intet kom igennem. Browseren måler ved afslutningen; en låneskærm måler ikke, så et opkald uden måling tæller på opsætningen alene. Opkald, hvor en måling viser, at intet kom igennem, tæller ikke: ingen samtaleminutter, ingen sparet tid, ingen bliver aktiv.',
  'uptime.heading': 'Udlånte skærmes oppetid',
  'uptime.summary':
    'Linjediagram: andel af tiden, udlånte skærme var på nettet, pr. uge. Tallene står i tabellen.',
  'uptime.share': 'Oppetid (%)',
  'uptime.samples': 'Målinger',
  'uptime.online': 'Heraf på nettet',
  'uptime.none': 'Ingen udlånte skærme i dine enheder i perioden.',
  'uptime.notYet': 'Ingen målinger endnu. Hver udlånt skærm måles hvert kvarter, fra den er tilmeldt.',
  'chart.noWholeWeek':
    'Diagrammet viser hele uger, og ingen er slut endnu. Tallene indtil nu står i tabellen.',
  'uptime.note':
    'Hvert kvarter noteres, om hver udlånt skærm er på nettet. Oppetid er andelen af de målinger, hvor den var.',
  'cards.activeNote':
    'Aktiv betyder: var med i mindst ét opkald, hvor begge parter fik forbindelse. Et opkald, ingen tog, gør ingen aktiv.',
  week: 'Uge',
  'active.heading': 'Aktive borgere og medarbejdere',
  'active.summary':
    'Linjediagram: aktive borgere og medarbejdere pr. uge mod målene 115 og 75. Tallene står i tabellen.',
  'active.citizens': 'Aktive borgere',
  'active.staff': 'Aktive medarbejdere',
  'active.targetCitizens': 'Mål: 115 borgere',
  'active.targetStaff': 'Mål: 75 medarbejdere',
  'visits.heading': 'Planlagte, gennemførte og mislykkede besøg',
  'visits.summary': 'Diagram: planlagte besøg og hvordan de gik, pr. uge. Tallene står i tabellen.',
  'visits.planned': 'Planlagt',
  'visits.onScreen': 'Gennemført som skærmbesøg',
  'visits.byPhone': 'Gennemført over telefon',
  'visits.onSite': 'Gennemført ved besøg',
  'visits.noAnswer': 'Intet svar',
  'visits.cancelled': 'Aflyst',
  'visits.notRecorded': 'Talt sammen, ikke registreret',
  'visits.notConnected': 'Opkald uden forbindelse',
  'visits.reasons': 'Hyppigste grunde til aflysning',
  'visits.reasonCount': '{{reason}}: {{count}}',
  'visits.note':
    'Opkald uden forbindelse tæller opkald til de planlagte besøg, ikke besøg: et besøg kan have haft flere opkald uden forbindelse, før det blev gennemført, registreret som intet svar eller aflyst. Besøg, der endnu ikke er registreret, står under Planlagt og, hvis et opkald fik forbindelse, under Talt sammen, ikke registreret.',
  'visits.notRecordedNote':
    'Talt sammen, ikke registreret: besøg, hvor opkaldet fik forbindelse, men hvor medarbejderen endnu ikke har gemt, hvordan det gik. De giver ingen sparet tid, før det er gemt. Medarbejderen ser dem i Dagens plan med knappen Hvordan gik det med …?',
  'minutes.heading': 'Målte samtaleminutter og estimeret sparet tid',
  'minutes.summary':
    'Linjediagram: estimerede sparede minutter pr. aktiv borger pr. uge mod business casens 10, 15 og 20 minutter. Tallene står i tabellen.',
  'minutes.perCitizen': 'Sparede minutter pr. aktiv borger (estimat)',
  'minutes.target10': 'Mål 10 min (kørsel)',
  'minutes.target15': 'Mål 15 min (fra 2017)',
  'minutes.target20': 'Mål 20 min (fra 2019)',
  'minutes.measured': 'Målte samtaleminutter',
  'minutes.saved': 'Sparede minutter i alt (estimat)',
  'minutes.note':
    'Sparet tid er et estimat: gennemførte skærmbesøg med forbindelse gange minuttallet pr. besøgstype, som support har sat. De målte samtaleminutter står ved siden af, så man kan se begge. Begge tæller kun opkald med forbindelse: begge parter havde lyd eller billede (se tabellen over målingerne nedenfor).',
  'night.heading': 'Nattevagtens opkald',
  'night.summary':
    'Søjlediagram: besvarede, mistede og videresendte nattevagtsopkald pr. uge. Tallene står i tabellen.',
  'night.pool': 'Nattevagt',
  'night.placed': 'Opkald',
  'night.answered': 'Besvaret',
  'night.avg': 'Gns. sekunder til svar',
  'night.max': 'Længste ventetid (sek.)',
  'night.missed': 'Mistet',
  'night.escalated': 'Sendt videre',
  'night.none': 'Ingen nattevagtsopkald i perioden, eller ingen nattevagt i dine enheder.',
  'units.heading': 'Pr. enhed og uge',
  'units.unit': 'Enhed',
  'units.caption': 'Alle enheder du kan se, uge for uge',
};

const en: Record<keyof typeof da, string> = {
  title: 'Screen visits at a glance',
  intro:
    'The figures the business case is measured on: active citizens and staff, completed visits and time saved. Only calls where both sides connected count.',
  'desk.person': 'Logged in as {{name}}',
  'desk.logout': 'Log out',
  'period.from': 'From date',
  'period.to': 'To date',
  'period.show': 'Show',
  'period.csv': 'Download CSV',
  'period.vtv': 'Download VTV export',
  'period.print': 'Print',
  loading: 'Fetching figures …',
  none: 'There are no figures in the period.',
  'cards.heading': 'Latest whole week and the last 30 days',
  'cards.citizensWeek': 'Active citizens in week {{week}}: {{count}} of the target {{target}}',
  'cards.staffWeek': 'Active staff in week {{week}}: {{count}} of the target {{target}}',
  'cards.citizensMonth': 'Active citizens in the last 30 days: {{count}} of the target {{target}}',
  'cards.staffMonth': 'Active staff in the last 30 days: {{count}} of the target {{target}}',
  'cards.devices': 'Lent screens online now: {{online}} of {{lent}}',
  'cards.noDevices': 'No lent screens in your units',
  'cards.notEnrolled_one': '{{count}} lent screen is not enrolled yet and cannot be online',
  'cards.notEnrolled_other': '{{count}} lent screens are not enrolled yet and cannot be online',
  'cards.uptime': 'Uptime of lent screens in week {{week}}: {{share}} %',
  partial: '{{week}} (in progress)',
  'partial.note':
    'The week still in progress is in the tables marked "(in progress)" but left out of the charts: half a week would look like a drop.',
  'media.heading': 'What the parties measured about calls that reached the conversation',
  'media.connected': 'Calls that reached the conversation',
  'media.measured': 'Measured: sound/video got through',
  'media.noMedia': 'Measured: nothing got through',
  'media.notMeasured': 'Not measured',
  'media.note':
    "A call is connected when both sides had sound or video: it reached the conversation (both set up sound and video) and no side's measurement shows that nothing got through. The browser measures at the end; a loan screen does not, so a call without a measurement counts on the set-up alone. Calls where a measurement shows nothing got through do not count: no call minutes, no time saved, no one active.",
  'uptime.heading': 'Uptime of lent screens',
  'uptime.summary':
    'Line chart: share of the time lent screens were online, per week. The table has the numbers.',
  'uptime.share': 'Uptime (%)',
  'uptime.samples': 'Samples',
  'uptime.online': 'Of which online',
  'uptime.none': 'No lent screens in your units in the period.',
  'uptime.notYet':
    'No samples yet. Each lent screen is sampled every quarter of an hour once it is enrolled.',
  'chart.noWholeWeek':
    'The chart shows whole weeks, and none has ended yet. The numbers so far are in the table.',
  'uptime.note':
    'Every quarter of an hour, whether each lent screen is online is noted. Uptime is the share of those samples where it was.',
  'cards.activeNote':
    'Active means: took part in at least one call where both sides connected. A call nobody took makes no one active.',
  week: 'Week',
  'active.heading': 'Active citizens and staff',
  'active.summary':
    'Line chart: active citizens and staff per week against the targets 115 and 75. The table has the numbers.',
  'active.citizens': 'Active citizens',
  'active.staff': 'Active staff',
  'active.targetCitizens': 'Target: 115 citizens',
  'active.targetStaff': 'Target: 75 staff',
  'visits.heading': 'Planned, completed and failed visits',
  'visits.summary': 'Chart: planned visits and how they went, per week. The table has the numbers.',
  'visits.planned': 'Planned',
  'visits.onScreen': 'Completed as a screen visit',
  'visits.byPhone': 'Completed by phone',
  'visits.onSite': 'Completed on site',
  'visits.noAnswer': 'No answer',
  'visits.cancelled': 'Cancelled',
  'visits.notRecorded': 'Talked, not recorded',
  'visits.notConnected': 'Calls that never connected',
  'visits.reasons': 'Most common reasons for cancelling',
  'visits.reasonCount': '{{reason}}: {{count}}',
  'visits.note':
    'Calls that never connected counts calls for the planned visits, not visits: a visit may have had several calls that never connected before it was completed, recorded as no answer or cancelled. Visits not yet recorded count under Planned and, if a call connected, under Talked, not recorded.',
  'visits.notRecordedNote':
    "Talked, not recorded: visits whose call connected but whose outcome the staff member has not saved yet. They save no time until it is saved. The staff member sees them on Today's plan with the button How did it go with …?",
  'minutes.heading': 'Measured call minutes and estimated time saved',
  'minutes.summary':
    'Line chart: estimated minutes saved per active citizen per week against the business case’s 10, 15 and 20 minutes. The table has the numbers.',
  'minutes.perCitizen': 'Minutes saved per active citizen (estimate)',
  'minutes.target10': 'Target 10 min (travel)',
  'minutes.target15': 'Target 15 min (from 2017)',
  'minutes.target20': 'Target 20 min (from 2019)',
  'minutes.measured': 'Measured call minutes',
  'minutes.saved': 'Minutes saved in total (estimate)',
  'minutes.note':
    'Time saved is an estimate: connected, completed screen visits times the minutes per visit type support has set. The measured call minutes stand beside it so both can be seen. Both count only connected calls: both sides had sound or video (see the table of measurements below).',
  'night.heading': 'Night-watch calls',
  'night.summary':
    'Bar chart: answered, missed and passed-on night-watch calls per week. The table has the numbers.',
  'night.pool': 'Night watch',
  'night.placed': 'Calls',
  'night.answered': 'Answered',
  'night.avg': 'Avg. seconds to answer',
  'night.max': 'Longest wait (sec.)',
  'night.missed': 'Missed',
  'night.escalated': 'Passed on',
  'night.none': 'No night-watch calls in the period, or no night watch in your units.',
  'units.heading': 'Per unit and week',
  'units.unit': 'Unit',
  'units.caption': 'Every unit you can see, week by week',
};

/** The staff login strings come along: the page embeds the staff login (nightwatch/staff-gate.tsx). */
export const dashboardStrings: PageStrings<
  keyof typeof da | keyof typeof staffStrings.da | keyof typeof managerDa
> = {
  da: { ...staffStrings.da, ...da, ...managerDa },
  en: { ...staffStrings.en, ...en, ...managerEn },
};

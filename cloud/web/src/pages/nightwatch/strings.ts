import type { PageStrings } from '../../shared/i18n.js';

const da = {
  title: 'Nattevagt',
  intro:
    'Meld dig på vagt, når du begynder. Meld dig af, når du går. Konsollen deles, så husk at melde dig af.',
  'duty.heading': 'Din vagt',
  'duty.on': 'Du er på vagt',
  'duty.off': 'Du er ikke på vagt',
  'duty.toggle': 'På vagt',
  'duty.shell': 'Prøveversion: valget bliver endnu ikke sendt til serveren.',
  'pool.heading': 'Hvem er på vagt',
  'pool.empty': 'Listen over hvem der er på vagt kommer i en senere version.',
} as const;

const en: Record<keyof typeof da, string> = {
  title: 'Night watch',
  intro:
    'Go on duty when you start. Go off duty when you leave. The console is shared, so remember to go off duty.',
  'duty.heading': 'Your shift',
  'duty.on': 'You are on duty',
  'duty.off': 'You are off duty',
  'duty.toggle': 'On duty',
  'duty.shell': 'Trial version: the choice is not sent to the server yet.',
  'pool.heading': 'Who is on duty',
  'pool.empty': 'The list of who is on duty arrives in a later version.',
};

export const nightwatchStrings: PageStrings<keyof typeof da> = { da, en };

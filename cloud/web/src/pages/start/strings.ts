import type { PageStrings } from '../../shared/i18n.js';

const da = {
  title: 'Velkommen til ScreenVisit',
  intro:
    'ScreenVisit giver borgere i hjemmeplejen besøg på skærm: du kan se og tale med hjemmeplejen, din hjemmevejleder eller nattevagten uden at de er i dit hjem.',
  privacy: 'Samtalerne er krypterede.',
  choose: 'Vælg, hvem du er',
  signedIn: 'Du er logget ind som {{name}}. Her er de sider, du kan bruge.',
  'citizen.title': 'Borger',
  'citizen.text': 'Skærmbesøg på din egen telefon, tablet eller computer.',
  'staff.title': 'Personale',
  'staff.text': 'Hjemmepleje, hjemmevejledere og dagpersonale på botilbud.',
  'dashboard.title': 'Overblik over skærmbesøg',
  'dashboard.text': 'For ledere og support: aktive borgere, besøg og sparet tid.',
  'nightwatch.title': 'Nattevagt',
  'nightwatch.text': 'Konsollen for nattevagten: hvem er på vagt.',
  'watch.title': 'Tilsyn med nattevagten',
  'watch.text': 'For support og ledere: hvem kan nås, og hvordan nattens opkald gik.',
  'support.title': 'Support',
  'support.text': 'Systemets tilstand og vejledning til første linje.',
  'admin.title': 'Administration',
  'admin.text': 'Kommunens indstillinger: netværk, adgangskoder, opkald.',
} as const;

const en: Record<keyof typeof da, string> = {
  title: 'Welcome to ScreenVisit',
  intro:
    'ScreenVisit brings home-care visits to a screen: you can see and talk with home care, your home guide or the night watch without them being in your home.',
  privacy: 'The calls are encrypted.',
  choose: 'Choose who you are',
  signedIn: 'You are logged in as {{name}}. These are the pages you can use.',
  'citizen.title': 'Citizen',
  'citizen.text': 'Video visits on your own phone, tablet or computer.',
  'staff.title': 'Staff',
  'staff.text': 'Home care, home guides and day staff at care homes.',
  'dashboard.title': 'Screen visits at a glance',
  'dashboard.text': 'For managers and support: active citizens, visits and time saved.',
  'nightwatch.title': 'Night watch',
  'nightwatch.text': 'The night-watch console: who is on duty.',
  'watch.title': 'Watching the night watch',
  'watch.text': "For support and managers: who is reachable, and how the night's calls went.",
  'support.title': 'Support',
  'support.text': 'System status and help for first-line support.',
  'admin.title': 'Administration',
  'admin.text': 'The municipality’s settings: networks, passwords, calls.',
};

export const startStrings: PageStrings<keyof typeof da> = { da, en };

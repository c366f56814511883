import type { PageStrings } from './page-strings.js';

const da = {
  'product.name': 'ScreenVisit',
  'product.tagline': 'Skærmbesøg',
  'skip.toContent': 'Gå til indholdet',
  'language.label': 'Sprog',
  'footer.text': 'ScreenVisit: sikre skærmbesøg i hjemmeplejen.',
  'footer.home': 'Til forsiden',
  'status.heading': 'Systemets tilstand',
  'status.devicesOnline': 'Skærme forbundet',
  'status.devicesTotal': 'Skærme i alt',
  'status.version': 'Version',
  'status.updated': 'Opdateret kl. {{time}}',
  'status.loading': 'Henter tilstand …',
  'status.unavailable': 'Tilstanden kan ikke hentes lige nu.',
  'error.network': 'Kunne ikke få forbindelse til serveren. Prøv igen om lidt.',
  'error.unexpected': 'Serveren svarede uventet. Prøv igen om lidt.',
  'error.status': 'Serveren svarede med fejl {{status}}.',
} as const;

const en: Record<keyof typeof da, string> = {
  'product.name': 'ScreenVisit',
  'product.tagline': 'Video visits',
  'skip.toContent': 'Skip to content',
  'language.label': 'Language',
  'footer.text': 'ScreenVisit: secure video visits in home care.',
  'footer.home': 'Back to the start page',
  'status.heading': 'System status',
  'status.devicesOnline': 'Screens connected',
  'status.devicesTotal': 'Screens in total',
  'status.version': 'Version',
  'status.updated': 'Updated at {{time}}',
  'status.loading': 'Fetching status …',
  'status.unavailable': 'The status cannot be fetched right now.',
  'error.network': 'Could not reach the server. Please try again in a moment.',
  'error.unexpected': 'The server gave an unexpected answer. Please try again in a moment.',
  'error.status': 'The server answered with error {{status}}.',
};

export type CommonKey = keyof typeof da;
export const commonStrings: PageStrings<CommonKey> = { da, en };

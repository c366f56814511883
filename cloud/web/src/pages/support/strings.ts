import type { PageStrings } from '../../shared/i18n.js';

const da = {
  title: 'Support',
  intro:
    'Systemets tilstand lige nu. Tallene opdateres hvert 5. sekund og indeholder ingen personoplysninger.',
  'links.heading': 'Til udviklere og drift',
  'links.docs': 'API-vejledning',
  'links.docsText': 'Alle kald til serveren, beskrevet og til at prøve.',
  'links.openapi': 'OpenAPI-beskrivelse (JSON)',
  'links.openapiText': 'Den maskinlæsbare beskrivelse af API’et.',
} as const;

const en: Record<keyof typeof da, string> = {
  title: 'Support',
  intro: 'The system status right now. The figures refresh every 5 seconds and hold no personal data.',
  'links.heading': 'For developers and operations',
  'links.docs': 'API reference',
  'links.docsText': 'Every call to the server, described and ready to try.',
  'links.openapi': 'OpenAPI description (JSON)',
  'links.openapiText': 'The machine-readable description of the API.',
};

export const supportStrings: PageStrings<keyof typeof da> = { da, en };

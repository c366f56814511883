import type { PageStrings } from '../../shared/i18n.js';

/** Plain, short sentences: some citizens are cognitively impaired or read little (the customer's own words). */
const da = {
  title: 'Skriv din kode',
  intro: 'Du har fået en kode af hjemmeplejen. Skriv koden her.',
  label: 'Din kode',
  hint: 'Koden har 12 tegn. Den ser sådan ud: ABCD-1234-EFGH',
  submit: 'Fortsæt',
  submitting: 'Vent lidt …',
  incomplete: 'Koden skal have 12 tegn. Du har skrevet {{count}}.',
  failed: 'Koden virkede ikke.',
  notAvailable: 'Det virker ikke endnu. Ring til hjemmeplejen. De hjælper dig.',
  success: 'Tak. Din kode virker.',
  help: 'Brug for hjælp? Ring til hjemmeplejen.',
} as const;

const en: Record<keyof typeof da, string> = {
  title: 'Enter your code',
  intro: 'Home care gave you a code. Type the code here.',
  label: 'Your code',
  hint: 'The code has 12 characters. It looks like this: ABCD-1234-EFGH',
  submit: 'Continue',
  submitting: 'Please wait …',
  incomplete: 'The code has 12 characters. You have typed {{count}}.',
  failed: 'The code did not work.',
  notAvailable: 'This does not work yet. Call home care. They will help you.',
  success: 'Thank you. Your code works.',
  help: 'Need help? Call home care.',
};

export const citizenStrings: PageStrings<keyof typeof da> = { da, en };

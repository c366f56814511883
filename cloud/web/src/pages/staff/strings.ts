import type { PageStrings } from '../../shared/i18n.js';

const da = {
  title: 'Log ind for personale',
  intro: 'For hjemmepleje, hjemmevejledere, dagpersonale og nattevagt.',
  username: 'Brugernavn',
  password: 'Adgangskode',
  submit: 'Log ind',
  submitting: 'Logger ind …',
  failed: 'Du blev ikke logget ind.',
  notAvailable: 'Log ind er ikke klar endnu. Det kommer i en senere version.',
  success: 'Du er logget ind.',
  missing: 'Skriv både brugernavn og adgangskode.',
} as const;

const en: Record<keyof typeof da, string> = {
  title: 'Staff login',
  intro: 'For home care, home guides, day staff and the night watch.',
  username: 'Username',
  password: 'Password',
  submit: 'Log in',
  submitting: 'Logging in …',
  failed: 'You were not logged in.',
  notAvailable: 'Login is not available yet. It arrives in a later version.',
  success: 'You are logged in.',
  missing: 'Enter both your username and your password.',
};

export const staffStrings: PageStrings<keyof typeof da> = { da, en };

import type { PageStrings } from '../../shared/page-strings.js';
import { supportStrings } from '../support/strings.js';
import { staffStrings } from './strings.js';

/**
 * The staff page's catalog: its own strings, plus the planning screen's (issue 12 §6), which the day plan
 * shares with the support console. The staff page's own texts win where a key exists in both.
 */
const PLANNING =
  /^(plan\.|combo\.|outcome\.|slot\.|kind\.|relations\.(chooseCitizen|citizenPerson|confirmNo)$)/;

function withPlanning(own: Record<string, string>, support: Record<string, string>): Record<string, string> {
  const shared = Object.entries(support).filter(([key]) => PLANNING.test(key) && !(key in own));
  return { ...Object.fromEntries(shared), ...own };
}

export const staffPageStrings: PageStrings<string> = {
  da: withPlanning(staffStrings.da, supportStrings.da),
  en: withPlanning(staffStrings.en, supportStrings.en),
};

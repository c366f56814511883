import type { CitizenChoice } from './devices-api.js';

/** The words of a name or a search, lower-cased the Danish way ("Åse" and "åse" are one word). */
const wordsOf = (text: string): string[] =>
  text
    .toLocaleLowerCase('da')
    .split(/[\s-]+/)
    .filter((w) => w.length > 0);

/**
 * Whether every typed word begins a word of the name: "Else" begins "Else Mortensen", not "Ib Nielsen" (the
 * cloud's search also finds letters inside a name, GET /api/devices/citizens). Walk of a support worker lending
 * kiosks by name and Enter: "Else" matched Else Mortensen and six Nielsens, and Enter silently did nothing.
 */
export function beginsWords(name: string, query: string): boolean {
  const names = wordsOf(name);
  return wordsOf(query).every((q) => names.some((n) => n.startsWith(q)));
}

/** The matches with those whose words begin with the typed ones first, each group in the cloud's order. */
export function rankMatches(query: string, citizens: readonly CitizenChoice[]): CitizenChoice[] {
  const first = citizens.filter((c) => beginsWords(c.displayName, query));
  return [...first, ...citizens.filter((c) => !first.includes(c))];
}

export type EnterChoice =
  | { kind: 'lend'; citizen: CitizenChoice }
  /** The one citizen meant already has a kiosk: Enter lends nothing, and the page says whose it is. */
  | { kind: 'has_device'; citizen: CitizenChoice }
  /** Two or more could be meant: Enter never guesses; the page asks for more of the name or a button. */
  | { kind: 'several' }
  | { kind: 'none' };

/**
 * What Enter does in the lend field. The citizen meant is the only match, or else the only match whose name's
 * words begin with the typed ones (with "Else", Else Mortensen rather than the Nielsens). Between two such
 * matches it never guesses.
 */
export function enterChoice(query: string, citizens: readonly CitizenChoice[]): EnterChoice {
  if (citizens.length === 0) return { kind: 'none' };
  const meant = citizens.length === 1 ? citizens : citizens.filter((c) => beginsWords(c.displayName, query));
  if (meant.length !== 1) return { kind: 'several' };
  const citizen = meant[0]!;
  return citizen.deviceLabel === null ? { kind: 'lend', citizen } : { kind: 'has_device', citizen };
}

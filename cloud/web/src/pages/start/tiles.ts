import { STAFF_PAGES } from '../../shared/page-roles.js';
import type { SessionInfo } from '../staff/auth-api.js';

export type Tile = 'citizen' | 'staff' | 'dashboard' | 'nightwatch' | 'watch' | 'support' | 'admin';

export const TILES: readonly Tile[] = [
  'citizen',
  'staff',
  'dashboard',
  'nightwatch',
  'watch',
  'support',
  'admin',
];

/**
 * The start page's tiles for who is logged in. Nobody (or a login not finished yet): every tile, since the page
 * cannot know who is choosing. A citizen: her own. A staff member: /staff/ (where every staff member logs in),
 * the pages her role opens (page-roles.ts, the table the pages' gates read), and the night watch's two pages only
 * when they have something for her, as the cloud says (GET /api/auth/session `nightWatch`, the rules
 * /nightwatch/ and /watch/ go by): mette.larsen, who leads no night watch, was offered "Tilsyn med nattevagten"
 * and "Nattevagt" and then read "Du leder ingen nattevagt" and "Du er ikke med i en nattevagt", while the page she
 * works from, the dashboard, had no tile at all.
 */
export function tilesFor(session: SessionInfo | null): readonly Tile[] {
  if (!session?.authenticated) return TILES;
  if (session.kind === 'citizen') return ['citizen'];
  return TILES.filter((tile) => FOR_STAFF[tile](session));
}

const opens = (page: keyof typeof STAFF_PAGES, session: SessionInfo) =>
  (STAFF_PAGES[page].roles as readonly string[]).includes(session.role ?? '');

/** Per tile, whether a logged-in staff member gets it (a table, so a new tile cannot be left without a rule). */
const FOR_STAFF: { readonly [T in Tile]: (session: SessionInfo) => boolean } = {
  citizen: () => false,
  staff: () => true,
  dashboard: (s) => opens('dashboard', s),
  nightwatch: (s) => opens('nightwatch', s) && s.nightWatch?.console === true,
  watch: (s) => opens('watch', s) && s.nightWatch?.watch === true,
  support: (s) => opens('support', s),
  admin: (s) => opens('admin', s),
};

/** At most this many reasons on the dashboard: the most common ones. */
export const MAX_CANCEL_REASONS = 10;

/**
 * The most common cancellation reasons, as staff wrote them. Staff type the reason themselves, so "Borger på
 * hospital" and "borger på hospital" are one reason: grouped without regard to case (and to spaces at the ends),
 * each group is sent in its most common spelling. Sent in lower case, as the group's key used to be, "Herlev
 * Hospital" reached the dashboard as "herlev hospital", and the page's capital first letter made it "Herlev
 * hospital". On a tie the spelling that sorts first by code point wins (capitals before small letters), so the
 * answer does not depend on the rows' order.
 */
export function commonCancelReasons(
  reasons: readonly (string | null)[],
): { reason: string; count: number }[] {
  const groups = new Map<string, Map<string, number>>();
  for (const raw of reasons) {
    const written = (raw ?? '').trim();
    const key = written.toLowerCase();
    const spellings = groups.get(key) ?? new Map<string, number>();
    spellings.set(written, (spellings.get(written) ?? 0) + 1);
    groups.set(key, spellings);
  }
  return [...groups.values()]
    .map((spellings) => {
      const ranked = [...spellings].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
      const count = ranked.reduce((sum, [, n]) => sum + n, 0);
      return { reason: ranked[0]![0], count };
    })
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, MAX_CANCEL_REASONS);
}

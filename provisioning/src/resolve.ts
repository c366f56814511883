import { z } from 'zod';
import type { CloudClient } from './cloud-client.js';
import { ProvisioningError } from './errors.js';
import { type Device, DeviceList } from './present.js';

/**
 * Kiosks and citizens named as support names them: a kiosk by the label on its box (KBH-0001), a citizen by her
 * name or her ref (the six characters on her card), a night-watch pool by its name, never by an id support has
 * nowhere to read. A UUID still works (scripts written against `devices list --json`). A name that fits no one,
 * or more than one (two citizens called Hans Sørensen), is refused with the candidates, their refs and ids, so
 * the next try names exactly one. Nothing is ever picked for the person: lending a kiosk to the wrong citizen
 * on a guess would be a data-protection incident.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The ref the support console shows (cloud/src/db/repos/citizen-labels.ts citizenRef): six hexadecimal characters. */
const REF = /^[0-9a-f]{6}$/i;

type Reader = Pick<CloudClient, 'get'>;

/** Any case, and runs of spaces read as one; accents count (Åse is not Ase). */
export const same = (a: string, b: string) =>
  a
    .replace(/\s+/g, ' ')
    .trim()
    .localeCompare(b.replace(/\s+/g, ' ').trim(), 'da', { sensitivity: 'accent' }) === 0;

/** The kiosk labelled `given` (any case), or with that id. Labels differing only in case are refused, with ids. */
export function oneKiosk(devices: readonly Device[], given: string): Device {
  const found = devices.filter((d) =>
    UUID.test(given) ? d.id === given.toLowerCase() : same(d.label, given),
  );
  if (found.length === 1) return found[0]!;
  if (found.length === 0)
    throw ProvisioningError.noMatch(`No kiosk is labelled ${given}: \`devices list\` shows the labels.`);
  throw ProvisioningError.noMatch(
    `${found.length} kiosks are labelled ${given} (the labels differ only in case): nothing was done. Give the id of the one you mean:\n${found.map((d) => `  ${d.label}  id ${d.id}`).join('\n')}`,
  );
}

export async function resolveKiosk(cloud: Reader, given: string): Promise<Device> {
  return oneKiosk(DeviceList.parse(await cloud.get('/api/devices')).devices, given);
}

const Choice = z.object({
  id: z.string(),
  displayName: z.string(),
  deviceLabel: z.string().nullable(),
  units: z.array(z.string()),
  ref: z.string(),
});
export type CitizenChoice = z.infer<typeof Choice>;
/** GET /api/devices/citizens answers at most this many: a full answer may have left a namesake out. */
export const CITIZEN_SEARCH_LIMIT = 20;

/** "Hans Sørensen (Ref. 3F2A9C, Plejecenter Solbakken; has KBH-0002)  id …", as the console's lend button names her. */
export function describeCitizen(c: CitizenChoice): string {
  const where = [`Ref. ${c.ref}`, c.units.join(', ') || 'no unit'].join(', ');
  return `${c.displayName} (${where}${c.deviceLabel ? `; has ${c.deviceLabel}` : ''})  id ${c.id}`;
}
const list = (cs: readonly CitizenChoice[]) => cs.map((c) => `  ${describeCitizen(c)}`).join('\n');

/**
 * The one citizen in `found` (the search's answer for `given`) whose ref or whole name (any case) is `given`.
 * `near`: names that contain it, offered when none fits exactly; offered to copy, never taken.
 */
export function oneCitizen(
  found: readonly CitizenChoice[],
  given: string,
  near: readonly CitizenChoice[] = [],
): CitizenChoice {
  const byRef = REF.test(given) ? found.filter((c) => c.ref.toUpperCase() === given.toUpperCase()) : [];
  const exact = byRef.length > 0 ? byRef : found.filter((c) => same(c.displayName, given));
  // A full answer may have left a namesake out: one seen is not one that exists.
  const maybeMore = found.length >= CITIZEN_SEARCH_LIMIT && byRef.length === 0;
  if (exact.length === 1 && !maybeMore) return exact[0]!;
  if (maybeMore)
    throw ProvisioningError.noMatch(
      `The search gave ${found.length} citizens for ${given} and may have left some out: nothing was done. Give her ref or id instead:\n${list(exact.length > 0 ? exact : found)}`,
    );
  if (exact.length > 1)
    throw ProvisioningError.noMatch(
      `${exact.length} citizens are called ${given}: nothing was done. Give the ref or id of the one you mean instead of the name:\n${list(exact)}`,
    );
  const others = near.filter((c) => !same(c.displayName, given)).slice(0, 10);
  if (others.length > 0)
    throw ProvisioningError.noMatch(
      `No citizen is called exactly ${given}: nothing was done. Give her whole name (in quotes) or her ref; these match:\n${list(others)}`,
    );
  throw ProvisioningError.noMatch(`No citizen is called ${given} (nor has that ref): nothing was done.`);
}

/**
 * Used by `devices lend`. A name is looked up with `exact=true` (whole names only, any case), so a namesake is
 * not pushed out of the 20 by names that merely contain it; the match is checked here again all the same. A ref
 * is looked up as the console's search takes it.
 */
export async function resolveCitizen(cloud: Reader, given: string): Promise<{ id: string; name: string }> {
  if (UUID.test(given)) return { id: given.toLowerCase(), name: given };
  const search = async (exact: boolean) =>
    z
      .object({ citizens: z.array(Choice) })
      .parse(
        await cloud.get(
          `/api/devices/citizens?${new URLSearchParams({ q: given, ...(exact ? { exact: 'true' } : {}) })}`,
        ),
      ).citizens;
  const byRef = REF.test(given) ? await search(false) : [];
  const found = byRef.some((c) => c.ref.toUpperCase() === given.toUpperCase()) ? byRef : await search(true);
  const none = !found.some((c) => same(c.displayName, given) || c.ref.toUpperCase() === given.toUpperCase());
  const only = oneCitizen(found, given, none ? await search(false) : []);
  return { id: only.id, name: only.displayName };
}

/** GET /api/units: night-watch pools are the units of kind night_watch_pool. */
const Unit = z.object({ id: z.string(), kind: z.string(), name: z.string() });
export type Unit = z.infer<typeof Unit>;

/** The night-watch pool named `given` (any case), or with that id. */
export function onePool(units: readonly Unit[], given: string): Unit {
  const pools = units.filter((u) => u.kind === 'night_watch_pool');
  const found = pools.filter((p) => (UUID.test(given) ? p.id === given.toLowerCase() : same(p.name, given)));
  if (found.length === 1) return found[0]!;
  const names = (ps: readonly Unit[]) => ps.map((p) => `  ${p.name}  id ${p.id}`).join('\n');
  if (found.length === 0)
    throw ProvisioningError.noMatch(
      `No night-watch pool is named ${given}: nothing was done. ${pools.length > 0 ? `The pools:\n${names(pools)}` : 'There is no pool yet.'}`,
    );
  throw ProvisioningError.noMatch(
    `${found.length} night-watch pools are named ${given}: nothing was done. Give the id of the one you mean:\n${names(found)}`,
  );
}

/** Used by `devices config --pool`. */
export async function resolvePool(cloud: Reader, given: string): Promise<string> {
  if (UUID.test(given)) return given.toLowerCase();
  return onePool(z.array(Unit.loose()).parse(await cloud.get('/api/units')), given).id;
}

import { z } from 'zod';
import type { CloudClient } from './cloud-client.js';
import { ProvisioningError } from './errors.js';
import { type Device, DeviceList } from './present.js';

/**
 * Kiosks and citizens named as support names them: a kiosk by the label on its box (KBH-0001), a citizen by her
 * name or her ref (the six characters on her card), never by an id support has nowhere to read. A UUID still
 * works (scripts written against `devices list --json`). A name that fits no one, or more than one (two citizens
 * called Hans Sørensen), is refused with the candidates and their refs, so the next try names exactly one.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The ref the support console shows (cloud/src/db/repos/citizen-labels.ts citizenRef): six hexadecimal characters. */
const REF = /^[0-9a-f]{6}$/i;

type Reader = Pick<CloudClient, 'get'>;

const same = (a: string, b: string) => a.localeCompare(b, 'da', { sensitivity: 'accent' }) === 0;

/** The kiosk labelled `given` (any case), or with that id. */
export async function resolveKiosk(cloud: Reader, given: string): Promise<Device> {
  const { devices } = DeviceList.parse(await cloud.get('/api/devices'));
  const found = devices.find((d) => (UUID.test(given) ? d.id === given.toLowerCase() : same(d.label, given)));
  if (found) return found;
  throw ProvisioningError.noMatch(`No kiosk is labelled ${given}: \`devices list\` shows the labels.`);
}

const Choice = z.object({
  id: z.string(),
  displayName: z.string(),
  deviceLabel: z.string().nullable(),
  units: z.array(z.string()),
  ref: z.string(),
});
export type CitizenChoice = z.infer<typeof Choice>;

/** "Hans Sørensen (Ref. 3F2A9C, Plejecenter Solbakken; has KBH-0002)", as the console's lend button names her. */
export function describeCitizen(c: CitizenChoice): string {
  const where = [`Ref. ${c.ref}`, c.units.join(', ') || 'no unit'].join(', ');
  return `${c.displayName} (${where}${c.deviceLabel ? `; has ${c.deviceLabel}` : ''})`;
}

/** The one citizen whose whole name (any case) or ref is `given`, or whose id it is. */
export async function resolveCitizen(cloud: Reader, given: string): Promise<{ id: string; name: string }> {
  if (UUID.test(given)) return { id: given.toLowerCase(), name: given };
  const { citizens } = z
    .object({ citizens: z.array(Choice) })
    .parse(await cloud.get(`/api/devices/citizens?q=${encodeURIComponent(given)}`));
  const byRef = REF.test(given) ? citizens.filter((c) => c.ref.toUpperCase() === given.toUpperCase()) : [];
  const exact = byRef.length > 0 ? byRef : citizens.filter((c) => same(c.displayName, given));
  const [only] = exact;
  if (only && exact.length === 1) return { id: only.id, name: only.displayName };
  const list = (cs: CitizenChoice[]) => cs.map((c) => `  ${describeCitizen(c)}`).join('\n');
  if (exact.length > 1)
    throw ProvisioningError.noMatch(
      `${exact.length} citizens are called ${given}; give the ref of the one you mean instead of the name:\n${list(exact)}`,
    );
  if (citizens.length > 0)
    throw ProvisioningError.noMatch(
      `No citizen is called exactly ${given}. Give her whole name or her ref; these match:\n${list(citizens)}`,
    );
  throw ProvisioningError.noMatch(`No citizen is called ${given} (nor has that ref).`);
}

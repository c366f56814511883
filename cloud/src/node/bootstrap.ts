import { and, asc, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword } from '../auth/password/hashing.js';
import { oneTimePassword } from '../auth/password/one-time.js';
import {
  appendAudit,
  type Db,
  municipalitiesTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import { parseNetwork } from '../settings/networks.js';

/**
 * The first municipality and its first system administrator on a production database (issue 12 §5), for
 * `npm run bootstrap`. Idempotent: run again with the same municipality and username, it reports what exists
 * and changes nothing (and prints no password). It refuses a database that already holds another municipality
 * unless `allowNonEmpty`, so a typo cannot create a second municipality beside a live one.
 *
 * The administrator gets a random one-time password, stored only as its argon2id hash, with no change date:
 * the first login must replace it (passwordChangeReason calls "never changed" temporary, whatever the maximum
 * age) and then enrol an authenticator app, like every staff login.
 */
export interface BootstrapInput {
  municipalityName: string;
  timeZone: string;
  adminUsername: string;
  adminDisplayName: string;
  staffNetworks: string[];
  allowNonEmpty: boolean;
  now: Date;
}

export type BootstrapResult =
  | { outcome: 'created'; municipalityId: string; adminId: string; oneTimePassword: string }
  | { outcome: 'already_done'; municipalityId: string; adminId: string };

export class BootstrapRefusal extends Error {
  override readonly name = 'BootstrapRefusal';
}

/** A staff username as login looks it up (lower case); also add-account's and reset-account's --username. */
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const USERNAME_RULE = 'The username may hold letters, digits, dot, dash and underscore (2-63).';

export { oneTimePassword };

/** The `--municipality` and `--username` of add-account and reset-account; each message names the flag. */
export const MunicipalityFlag = z
  .string({ error: '--municipality is required: the name the bootstrap gave it.' })
  .trim()
  .min(1, '--municipality is required: the name the bootstrap gave it.');
export const UsernameFlag = z
  .string({ error: '--username is required.' })
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, `--username: ${USERNAME_RULE}`);

/**
 * The municipality the bootstrap gave this name, for the commands that act in one (add-account and
 * reset-account). None of that name is refused, naming the ones the database holds, so a typo or the wrong
 * DATABASE_URL never reaches another municipality.
 */
export async function municipalityNamed(db: Db, name: string): Promise<{ id: string; name: string }> {
  const municipalities = await db
    .select({ id: municipalitiesTable.id, name: municipalitiesTable.name })
    .from(municipalitiesTable)
    .orderBy(asc(municipalitiesTable.createdAt));
  const municipality = municipalities.find((m) => m.name === name);
  if (municipality) return municipality;
  const known = municipalities.map((m) => `"${m.name}"`).join(', ');
  throw new BootstrapRefusal(
    known
      ? `No municipality named "${name}" on this database (it holds ${known}).`
      : 'This database holds no municipality yet. Run npm run bootstrap first, or check DATABASE_URL.',
  );
}

export async function bootstrap(db: Db, input: BootstrapInput): Promise<BootstrapResult> {
  const username = input.adminUsername.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw new BootstrapRefusal(USERNAME_RULE);
  if (!input.municipalityName.trim()) throw new BootstrapRefusal('Name the municipality (--municipality).');
  const networks = input.staffNetworks.map(parseNetwork);
  const bad = networks.flatMap((n) => (n.ok ? [] : [n.input]));
  if (bad.length > 0) throw new BootstrapRefusal(`Not network addresses: ${bad.join(', ')}.`);
  if (networks.length === 0) {
    // An empty allow-list admits no staff at all (municipality-settings.ts), the admin included.
    throw new BootstrapRefusal(
      'Give at least one --staff-network (the network the administrator logs in from), e.g. 10.20.0.0/16.',
    );
  }
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('screenvisit.seed'))`);
    const [existing] = await tx
      .select({ municipalityId: staffTable.municipalityId, adminId: staffTable.id })
      .from(staffTable)
      .innerJoin(municipalitiesTable, eq(municipalitiesTable.id, staffTable.municipalityId))
      .where(
        and(
          eq(municipalitiesTable.name, input.municipalityName.trim()),
          eq(staffTable.username, username),
          eq(staffTable.role, 'system_admin'),
        ),
      );
    if (existing) return { outcome: 'already_done', ...existing };
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(municipalitiesTable);
    if (n > 0 && !input.allowNonEmpty) {
      throw new BootstrapRefusal(
        `This database already holds ${n} municipalit${n === 1 ? 'y' : 'ies'}, and none named "${input.municipalityName.trim()}" with administrator ${username}. Check DATABASE_URL; pass --allow-non-empty to add another municipality to it.`,
      );
    }
    const [municipality] = await tx
      .insert(municipalitiesTable)
      .values({
        name: input.municipalityName.trim(),
        timeZone: input.timeZone,
        settings: { staffNetworks: networks.flatMap((x) => (x.ok ? [x.cidr] : [])) },
        createdAt: input.now,
      })
      .returning({ id: municipalitiesTable.id });
    const municipalityId = municipality!.id;
    const [unit] = await tx
      .insert(unitsTable)
      .values({ municipalityId, kind: 'support', name: 'Drift og support', createdAt: input.now })
      .returning({ id: unitsTable.id });
    const [admin] = await tx
      .insert(staffTable)
      .values({
        municipalityId,
        username,
        displayName: input.adminDisplayName.trim() || username,
        role: 'system_admin',
        passwordHash,
        passwordChangedAt: null,
        createdAt: input.now,
      })
      .returning({ id: staffTable.id });
    await tx.insert(unitMembershipsTable).values({ staffId: admin!.id, unitId: unit!.id, since: input.now });
    await appendAudit(tx, {
      municipalityId,
      actorKind: 'system',
      actorId: null,
      action: 'municipality.bootstrapped',
      targetKind: 'staff',
      targetId: admin!.id,
      details: { staffNetworks: networks.length },
    });
    return { outcome: 'created', municipalityId, adminId: admin!.id, oneTimePassword: password };
  });
}

import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword } from '../auth/password/hashing.js';
import {
  appendAudit,
  type Db,
  type StaffRole,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import {
  BootstrapRefusal,
  MunicipalityFlag,
  municipalityNamed,
  oneTimePassword,
  UsernameFlag,
} from './bootstrap.js';

/**
 * `npm run bootstrap -- add-account`: the operator (2nd line) creates a `support`, `vendor_support` or a further
 * `system_admin` account (a second administrator, so the municipality's settings do not hang on one person) in a
 * municipality that `npm run bootstrap` made. Nothing else can: /admin/ has only settings, SCIM creates plain
 * `staff` (scim/users.ts), and every account-creating route needs a support login, so without this the
 * municipality's support desk could never log in (found by an operator walk of docs/operations.md step 8).
 *
 * The account gets what the bootstrapped administrator gets: a random one-time password, stored only as its
 * argon2id hash with no change date, so the first login must replace it (auth/password/max-age.ts, whatever the
 * municipality's maximum age) and then enrol an authenticator app (it has no second factor yet). A username
 * already in use, in this municipality or any other on the database (login looks usernames up across all of
 * them), is refused: this never touches an existing account. One `staff.created` audit entry, without secrets.
 */
export const ACCOUNT_ROLES = [
  'support',
  'vendor_support',
  'system_admin',
] as const satisfies readonly StaffRole[];

/** The command's arguments as parseArgs hands them over; each message names the flag to fix. */
export const AddAccountArgs = z.object({
  municipality: MunicipalityFlag,
  role: z.enum(ACCOUNT_ROLES, { error: '--role must be support, vendor_support or system_admin.' }),
  username: UsernameFlag,
  name: z
    .string({ error: '--name is required: the person’s name as colleagues see it.' })
    .trim()
    .min(1, '--name is required: the person’s name as colleagues see it.')
    .max(200, '--name is longer than 200 characters.'),
});
export type AddAccountArgs = z.infer<typeof AddAccountArgs>;

export interface AddAccountInput extends AddAccountArgs {
  now: Date;
  /** The operating-system user who ran the command, for the audit entry (the actor is `system`). */
  ranBy: string | null;
}

export interface AddAccountResult {
  municipalityId: string;
  staffId: string;
  oneTimePassword: string;
}

export async function addAccount(db: Db, input: AddAccountInput): Promise<AddAccountResult> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // The bootstrap's lock: an account is never added while the municipality is being created.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('screenvisit.seed'))`);
    const municipality = await municipalityNamed(tx, input.municipality);
    const [taken] = await tx
      .select({ municipalityId: staffTable.municipalityId })
      .from(staffTable)
      .where(sql`lower(${staffTable.username}) = ${input.username}`)
      .limit(1);
    if (taken) {
      throw new BootstrapRefusal(
        taken.municipalityId === municipality.id
          ? `${input.username} already exists in ${input.municipality}. Nothing changed: this command never changes an existing account.`
          : `${input.username} is already a username in another municipality on this database, and login looks usernames up in all of them. Choose another.`,
      );
    }
    const [staff] = await tx
      .insert(staffTable)
      .values({
        municipalityId: municipality.id,
        username: input.username,
        displayName: input.name,
        role: input.role,
        passwordHash,
        passwordChangedAt: null,
        createdAt: input.now,
      })
      .returning({ id: staffTable.id });
    // Beside the administrator in the support unit the bootstrap made, so the unit's access review lists it.
    const [unit] = await tx
      .select({ id: unitsTable.id })
      .from(unitsTable)
      .where(and(eq(unitsTable.municipalityId, municipality.id), eq(unitsTable.kind, 'support')))
      .orderBy(asc(unitsTable.createdAt))
      .limit(1);
    if (unit)
      await tx.insert(unitMembershipsTable).values({ staffId: staff!.id, unitId: unit.id, since: input.now });
    await appendAudit(tx, {
      municipalityId: municipality.id,
      actorKind: 'system',
      actorId: null,
      action: 'staff.created',
      targetKind: 'staff',
      targetId: staff!.id,
      details: { via: 'bootstrap', role: input.role, ranBy: input.ranBy },
    });
    return { municipalityId: municipality.id, staffId: staff!.id, oneTimePassword: password };
  });
}

import { and, count, eq } from 'drizzle-orm';
import { type Db, type PasskeyRow, passkeysTable } from '../../db/index.js';

/** Whose passkeys: a staff member or a citizen, always within their municipality. */
export interface PasskeySubject {
  readonly kind: 'staff' | 'citizen';
  readonly id: string;
  readonly municipalityId: string;
}

/** A person may hold a handful of passkeys (phone, laptop, a spare key), not an unbounded pile. */
export const MAX_PASSKEYS_PER_SUBJECT = 10;

function ownedBy(subject: PasskeySubject) {
  return and(
    eq(subject.kind === 'staff' ? passkeysTable.staffId : passkeysTable.citizenId, subject.id),
    eq(passkeysTable.municipalityId, subject.municipalityId),
  );
}

export function isOwner(row: PasskeyRow, subject: Pick<PasskeySubject, 'kind' | 'id'>): boolean {
  return (
    row.subjectKind === subject.kind &&
    (subject.kind === 'staff' ? row.staffId : row.citizenId) === subject.id
  );
}

export async function listPasskeys(db: Db, subject: PasskeySubject): Promise<PasskeyRow[]> {
  return db.select().from(passkeysTable).where(ownedBy(subject)).orderBy(passkeysTable.createdAt);
}

export async function countPasskeys(db: Db, subject: PasskeySubject): Promise<number> {
  const [row] = await db.select({ n: count() }).from(passkeysTable).where(ownedBy(subject));
  return row?.n ?? 0;
}

export async function findPasskeyByCredentialId(db: Db, credentialId: string): Promise<PasskeyRow | null> {
  const [row] = await db.select().from(passkeysTable).where(eq(passkeysTable.credentialId, credentialId));
  return row ?? null;
}

/** null when that credential is already registered (to anyone). */
export async function insertPasskey(
  db: Db,
  subject: PasskeySubject,
  input: {
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    name: string;
    backedUp: boolean;
    now: Date;
  },
): Promise<PasskeyRow | null> {
  const [row] = await db
    .insert(passkeysTable)
    .values({
      credentialId: input.credentialId,
      publicKey: input.publicKey,
      counter: input.counter,
      transports: input.transports,
      name: input.name,
      backedUp: input.backedUp,
      subjectKind: subject.kind,
      staffId: subject.kind === 'staff' ? subject.id : null,
      citizenId: subject.kind === 'citizen' ? subject.id : null,
      municipalityId: subject.municipalityId,
      createdAt: input.now,
    })
    .onConflictDoNothing({ target: passkeysTable.credentialId })
    .returning();
  return row ?? null;
}

/**
 * Store the new signature counter only if nobody moved it since we read it (compare-and-set): two
 * simultaneous assertions from a cloned authenticator cannot both pass the counter check (WebAuthn §6.1.1).
 */
export async function advanceCounter(
  db: Db,
  input: { id: string; expected: number; next: number; backedUp: boolean; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(passkeysTable)
    .set({ counter: input.next, backedUp: input.backedUp, lastUsedAt: input.now })
    .where(and(eq(passkeysTable.id, input.id), eq(passkeysTable.counter, input.expected)))
    .returning({ id: passkeysTable.id });
  return rows.length === 1;
}

export async function deletePasskey(db: Db, subject: PasskeySubject, id: string): Promise<boolean> {
  const rows = await db
    .delete(passkeysTable)
    .where(and(eq(passkeysTable.id, id), ownedBy(subject)))
    .returning({ id: passkeysTable.id });
  return rows.length === 1;
}

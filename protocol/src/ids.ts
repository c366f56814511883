import { z } from 'zod';

/** Every entity crosses the wire by its internal id only (no names, no CPR): see docs/security.md. */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

export const IsoTime = z.iso.datetime({ offset: true });

/** Who takes part in a call. A pool is the night watch: calling it rings whoever is on duty. */
export const PartyKind = z.enum(['staff', 'citizen', 'device', 'pool']);
export type PartyKind = z.infer<typeof PartyKind>;

export const PartyRef = z.object({ kind: PartyKind, id: Id }).strict();
export type PartyRef = z.infer<typeof PartyRef>;

import type { Db } from './database.js';

/**
 * One drizzle prepared query per Db (the pool's, or a transaction's), built on its first use and kept as long as
 * that Db lives (a WeakMap). For the statements a connect storm runs once per batch (issue 14): drizzle built each
 * from its query builder every time, about 5 % of the cloud's CPU per CONNECT in the storm's profile
 * (2026-12-04); prepared, it only binds the batch's values. The same on postgres.js and PGlite.
 */
export function preparedPerDb<P>(build: (db: Db) => P): (db: Db) => P {
  const cache = new WeakMap<Db, P>();
  return (db) => {
    let prepared = cache.get(db);
    if (prepared === undefined) {
      prepared = build(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}

import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database.js';
import { auditLogTable } from '../../src/db/schema/index.js';
import { arrayLiteral, unnestInsert, unnestOf } from '../../src/db/unnest.js';
import type { DbHarness } from './harness.js';
import { at, newMunicipality } from './helpers.js';

/** Bulk writes with one parameter per column (db/unnest.ts): what goes in must come back, cell for cell. */
export function unnestTests(harness: DbHarness): void {
  const db = () => harness.shared().db;
  // Values an array literal must not mangle: quotes, backslashes, separators, braces, the word NULL, blanks.
  const awkward = [
    'plain',
    'with "quotes"',
    'back\\slash',
    'a,b',
    '{braces}',
    'NULL',
    '',
    '  spaced  ',
    'æøå\nnewline',
  ];

  describe('unnest bulk writes', () => {
    it('inserts exactly the rows given, every cell as drizzle would have written it', async () => {
      const municipalityId = await newMunicipality(db());
      const actorId = randomUUID();
      const rows = awkward.map((text, i) => ({
        municipalityId,
        at: at(i * 1000),
        actorKind: i % 2 === 0 ? ('staff' as const) : ('device' as const),
        actorId: i === 3 ? null : actorId,
        action: `unnest.${i}`,
        targetKind: 'device',
        targetId: text,
        ip: i === 5 ? null : text,
        details: { text, nested: { list: [i, text, null], quote: '"' }, i },
      }));
      await db().execute(
        unnestInsert(
          auditLogTable,
          [
            'municipalityId',
            'at',
            'actorKind',
            'actorId',
            'action',
            'targetKind',
            'targetId',
            'ip',
            'details',
          ],
          rows,
        ),
      );
      const back = await db()
        .select({
          municipalityId: auditLogTable.municipalityId,
          at: auditLogTable.at,
          actorKind: auditLogTable.actorKind,
          actorId: auditLogTable.actorId,
          action: auditLogTable.action,
          targetKind: auditLogTable.targetKind,
          targetId: auditLogTable.targetId,
          ip: auditLogTable.ip,
          details: auditLogTable.details,
        })
        .from(auditLogTable)
        .where(eq(auditLogTable.municipalityId, municipalityId))
        .orderBy(asc(auditLogTable.id));
      expect(back).toEqual(rows);
    });

    it('writes nothing for no rows, and refuses a column the table lacks', async () => {
      const municipalityId = await newMunicipality(db());
      await db().execute(unnestInsert(auditLogTable, ['municipalityId', 'actorKind', 'action'], []));
      expect(
        await db().select().from(auditLogTable).where(eq(auditLogTable.municipalityId, municipalityId)),
      ).toEqual([]);
      expect(() => unnestInsert(auditLogTable, ['nope' as 'action'], [{ action: 'x' }])).toThrow(/no column/);
    });

    it('reads rows back column by column as a FROM source', async () => {
      const result = await db().execute(
        sql`select v.n, v.t from ${unnestOf('v', {
          n: { type: 'integer', values: awkward.map((_, i) => i) },
          t: { type: 'text', values: [...awkward.slice(0, -1), null] },
        })} order by v.n`,
      );
      expect(rowsOf<{ n: number; t: string | null }>(result)).toEqual(
        awkward.map((t, i) => ({ n: i, t: i === awkward.length - 1 ? null : t })),
      );
      expect(() =>
        unnestOf('v', { a: { type: 'int', values: [1] }, b: { type: 'int', values: [] } }),
      ).toThrow();
    });

    it('spells an array literal with every element quoted and NULL bare', () => {
      expect(arrayLiteral(['a"b', 'c\\d', null, 7])).toBe('{"a\\"b","c\\\\d",NULL,"7"}');
    });
  });
}

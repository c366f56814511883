import { type Column, getTableColumns, getTableName, type SQL, sql, type Table } from 'drizzle-orm';

/**
 * A PostgreSQL array literal ("{"a","b",NULL}", PostgreSQL docs 8.15.6 "Array Input and Output Syntax") of
 * values already in their driver form. Every element is double-quoted, with `"` and `\` backslash-escaped, so
 * commas, braces, spaces and the word NULL inside a value stay data; a JavaScript null is an unquoted NULL.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    out += value === null || value === undefined ? 'NULL' : `"${String(value).replace(/[\\"]/g, '\\$&')}"`;
  }
  return `${out}}`;
}

/**
 * `unnest($1::<type>[], …) as <alias>(<names>)`: rows given column by column, each column ONE text parameter, for
 * the FROM of a bulk UPDATE (`update t set … from <this> where t.id = v.id`). Types and names are the caller's
 * own constants (they go into the statement as they are); only the values are parameters. Every column must
 * hold as many values as the first.
 */
export function unnestOf(
  alias: string,
  columns: Readonly<Record<string, { readonly type: string; readonly values: readonly unknown[] }>>,
): SQL {
  const entries = Object.entries(columns);
  const length = entries[0]?.[1].values.length ?? 0;
  for (const [name, column] of entries)
    if (column.values.length !== length)
      throw new Error(`unnest column ${name}: ${column.values.length} values, not ${length}`);
  const arrays = entries.map(([, c]) => sql`${arrayLiteral(c.values)}::${sql.raw(c.type)}[]`);
  const names = entries.map(([name]) => sql.identifier(name));
  return sql`unnest(${sql.join(arrays, sql`, `)}) as ${sql.identifier(alias)}(${sql.join(names, sql`, `)})`;
}

type Insert<T extends Table> = T['$inferInsert'];

/**
 * `insert into <table> (<columns>) select * from unnest($1::<type>[], $2::<type>[], …)`: ONE bind parameter per
 * column, whatever the number of rows (issue 14). Drizzle's multi-row `values()` binds every cell, and building
 * those statements was most of a 10,000-kiosk bulk push's CPU; here each column is one text parameter, an array
 * literal cast to the column's type, the same on postgres.js and PGlite. Values go through the column's own
 * `mapToDriverValue` (jsonb → JSON text, timestamps → ISO), so a row reads back as drizzle would have written
 * it. Columns left out take their defaults. Returns the statement, so a caller can add `on conflict …`.
 */
export function unnestInsert<T extends Table, K extends keyof Insert<T> & string>(
  table: T,
  keys: readonly K[],
  rows: readonly Pick<Insert<T>, K>[],
): SQL {
  const columns = getTableColumns(table) as Record<string, Column>;
  const names: SQL[] = [];
  const arrays: SQL[] = [];
  for (const key of keys) {
    const column = columns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[key];
      return value === null || value === undefined ? null : column.mapToDriverValue(value);
    });
    names.push(sql`${sql.identifier(column.name)}`);
    arrays.push(sql`${arrayLiteral(values)}::${sql.raw(column.getSQLType())}[]`);
  }
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)})`;
}

/**
 * `column = any($1::<type>[])`: drizzle's `inArray` with the list as ONE array parameter instead of one per
 * value (a bulk push's batches and ack batches name hundreds of rows).
 */
export function anyOf(column: Column, values: readonly unknown[]): SQL {
  const literal = arrayLiteral(
    values.map((v) => (v === null || v === undefined ? null : column.mapToDriverValue(v))),
  );
  return sql`${column} = any(${literal}::${sql.raw(column.getSQLType())}[])`;
}

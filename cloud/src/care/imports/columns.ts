import { parse } from 'csv-parse/sync';

/**
 * The bulk-import file (issue 4 §6): UTF-8 CSV, comma-separated, a header row, one row per staff member,
 * citizen or relation. Columns (any order; a column may be left out when no row uses it):
 *
 *   kind          staff | citizen | relation
 *   username      staff: login name (letters, digits, . _ - @); relation/citizen: not used
 *   display_name  staff and citizen: the name shown on screens
 *   initials      citizen: optional, up to 4 letters
 *   role          staff: staff | unit_manager | support (empty = staff); never a role above support
 *   unit          every row: the unit's exact name (case-insensitive)
 *   ref           citizen: optional key of your own, unique in the file, for relation rows to point at
 *   citizen       relation: a `ref` from this file, or the id of an existing citizen
 *   guide         citizen/relation in a home-guidance unit: the guide's username (a staff member of that unit)
 *
 * Minimum data: no CPR number, date of birth or health information. A column that looks like one refuses the
 * whole file, and a cell that looks like a CPR number refuses its row.
 */
export const IMPORT_COLUMNS = [
  'kind',
  'username',
  'display_name',
  'initials',
  'role',
  'unit',
  'ref',
  'citizen',
  'guide',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export type ImportRecord = Record<ImportColumn, string>;

export const ALLOWED_BY_KIND: Record<string, readonly ImportColumn[]> = {
  staff: ['kind', 'username', 'display_name', 'role', 'unit'],
  citizen: ['kind', 'display_name', 'initials', 'unit', 'ref', 'guide'],
  relation: ['kind', 'unit', 'citizen', 'guide'],
};

const FORBIDDEN_HEADER =
  /cpr|person.?n(umme)?r|ssn|social.?sec|f(ø|oe|o)dsels|birth|born|diagnos|health|helbred/i;
export const CPR_LIKE = /(^|\D)\d{6}[- ]?\d{4}(\D|$)/;

export interface ImportRow {
  /** The file's line number (the header is line 1), as a spreadsheet shows it. */
  line: number;
  record: ImportRecord;
  /** Cells present in the file but not in the known columns. */
  extraCells: number;
}

export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

/** Splits the file into rows; only problems with the FILE (header, encoding) throw, row problems are checked later. */
export function readImportFile(text: string, maxRows: number): ImportRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (cause) {
    throw new ImportFileError(`This is not a readable CSV file (${(cause as Error).message}).`, { cause });
  }
  const [head, ...rows] = records;
  if (!head) throw new ImportFileError('The file is empty. The first line must name the columns.');
  const header = head.record.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const forbidden = header.filter((h) => FORBIDDEN_HEADER.test(h));
  if (forbidden.length)
    throw new ImportFileError(
      `Column "${forbidden[0]}" looks like a CPR number, birth date or health information. ScreenVisit stores none of these: remove the column.`,
    );
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length)
    throw new ImportFileError(
      `Unknown column "${unknown[0]}". Allowed columns: ${IMPORT_COLUMNS.join(', ')}.`,
    );
  if (new Set(header).size !== header.length) throw new ImportFileError('A column is named twice.');
  if (!header.includes('kind')) throw new ImportFileError('The column "kind" is required.');
  if (rows.length === 0) throw new ImportFileError('The file has a header but no rows.');
  if (rows.length > maxRows) throw new ImportFileError(`At most ${maxRows} rows per file; split the file.`);
  return rows.map(({ record, info }) => {
    const out = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, ''])) as ImportRecord;
    header.forEach((column, i) => {
      out[column as ImportColumn] = record[i] ?? '';
    });
    return { line: info.lines, record: out, extraCells: Math.max(0, record.length - header.length) };
  });
}

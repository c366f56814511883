import type { PresentedAudit } from './visibility.js';

const COLUMNS = [
  'id',
  'at',
  'actorKind',
  'actorId',
  'action',
  'targetKind',
  'targetId',
  'ip',
  'details',
] as const;

/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (leading = + - @ tab CR) get a leading
 * apostrophe (OWASP "CSV Injection"), since an export is opened in Excel by support.
 */
export function auditToCsv(rows: readonly PresentedAudit[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      COLUMNS.map((column) => {
        const value = row[column];
        return cell(column === 'details' ? JSON.stringify(value) : value === null ? '' : String(value));
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function cell(raw: string): string {
  const safe = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

import type { UnitKind } from '../../db/index.js';
import { ALLOWED_BY_KIND, CPR_LIKE, IMPORT_COLUMNS, type ImportRow } from './columns.js';

/** What the import checks against: the municipality as it is now. */
export interface ImportLookups {
  units: readonly { id: string; name: string; kind: UnitKind }[];
  /** Lower-cased usernames → staff id. */
  staff: ReadonlyMap<string, string>;
  /** "staffId|unitId" of existing memberships. */
  memberships: ReadonlySet<string>;
  citizens: ReadonlySet<string>;
  /** "citizenId|unitId" of open enrolments. */
  openEnrolments: ReadonlySet<string>;
}

export interface RowError {
  line: number;
  column: string;
  message: string;
}

export type CitizenKey = { ref: string } | { id: string };
export interface ImportPlan {
  staff: {
    line: number;
    username: string;
    displayName: string;
    role: 'staff' | 'unit_manager' | 'support';
    unitId: string;
  }[];
  citizens: { line: number; ref: string; displayName: string; initials: string | null }[];
  enrolments: { line: number; citizen: CitizenKey; unitId: string; guide: string | null }[];
}

const USERNAME = /^[a-z0-9._@-]{2,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES = ['staff', 'unit_manager', 'support'] as const;
const ABOVE_SUPPORT = ['vendor_support', 'system_admin'];
const ENROLABLE: readonly UnitKind[] = ['home_care_team', 'home_guidance', 'facility'];

/**
 * Checks every row and collects EVERY problem (row, column, plain words) rather than stopping at the first, so
 * one dry run shows the whole list. Pure: the caller loads the lookups and reports progress per chunk.
 */
export async function validateImport(
  rows: readonly ImportRow[],
  lookups: ImportLookups,
  onProgress: (processed: number) => void,
): Promise<{ plan: ImportPlan; errors: RowError[] }> {
  const errors: RowError[] = [];
  const plan: ImportPlan = { staff: [], citizens: [], enrolments: [] };
  const unitsByName = new Map<string, { id: string; kind: UnitKind }[]>();
  for (const u of lookups.units) {
    const key = u.name.trim().toLowerCase();
    unitsByName.set(key, [...(unitsByName.get(key) ?? []), u]);
  }
  // Names made in this file, so later checks see them whatever the row order.
  const fileStaff = new Map<string, { unitId: string | null }>();
  const fileRefs = new Set<string>();
  for (const { record } of rows) {
    if (record.kind.toLowerCase() === 'staff' && record.username)
      fileStaff.set(record.username.toLowerCase(), { unitId: null });
    if (record.kind.toLowerCase() === 'citizen' && record.ref) fileRefs.add(record.ref);
  }
  const seenUsernames = new Set<string>();
  const seenRefs = new Set<string>();
  const seenEnrolments = new Set<string>();

  for (const [index, row] of rows.entries()) {
    const { line, record } = row;
    const fail = (column: string, message: string): null => {
      errors.push({ line, column, message });
      return null;
    };
    const kind = record.kind.toLowerCase();
    const unitOf = (): { id: string; kind: UnitKind } | null => {
      if (!record.unit) return fail('unit', 'The unit is missing.');
      const matches = unitsByName.get(record.unit.trim().toLowerCase()) ?? [];
      if (matches.length === 0) return fail('unit', `There is no unit called "${record.unit}".`);
      if (matches.length > 1)
        return fail('unit', `Several units are called "${record.unit}"; rename one first.`);
      return matches[0]!;
    };
    const guideOf = (unit: { id: string; kind: UnitKind } | null): string | null => {
      if (!unit) return null;
      const guide = record.guide.toLowerCase();
      if (unit.kind !== 'home_guidance') {
        if (guide) fail('guide', 'Only home-guidance units have a guide.');
        return null;
      }
      if (!guide) return fail('guide', 'Home guidance needs the guide’s username.');
      const existing = lookups.staff.get(guide);
      const memberNow = existing && lookups.memberships.has(`${existing}|${unit.id}`);
      const memberByFile = fileStaff.get(guide)?.unitId === unit.id;
      if (!existing && !fileStaff.has(guide))
        return fail('guide', `There is no staff member "${record.guide}".`);
      if (!memberNow && !memberByFile)
        return fail('guide', `"${record.guide}" is not a member of "${record.unit}".`);
      return guide;
    };

    if (row.extraCells > 0) fail('(row)', 'The row has more cells than the header has columns.');
    for (const column of IMPORT_COLUMNS)
      if (!UUID.test(record[column]) && CPR_LIKE.test(record[column]))
        fail(column, 'This looks like a CPR number. ScreenVisit stores none.');
    const allowed = ALLOWED_BY_KIND[kind];
    if (!allowed) {
      fail('kind', 'kind must be staff, citizen or relation.');
    } else {
      for (const column of IMPORT_COLUMNS)
        if (record[column] && !allowed.includes(column)) fail(column, `Leave this empty on a ${kind} row.`);
    }

    if (kind === 'staff') {
      const username = record.username.toLowerCase();
      if (!USERNAME.test(username)) fail('username', 'Use 2–64 letters, digits, dots, dashes, _ or @.');
      else if (lookups.staff.has(username)) fail('username', `"${record.username}" already exists.`);
      else if (seenUsernames.has(username)) fail('username', `"${record.username}" is in the file twice.`);
      seenUsernames.add(username);
      if (!record.display_name || record.display_name.length > 100)
        fail('display_name', 'The name is missing or longer than 100 characters.');
      const role = (record.role || 'staff').toLowerCase();
      if (ABOVE_SUPPORT.includes(role)) fail('role', 'Roles above support cannot be imported.');
      else if (!(ROLES as readonly string[]).includes(role))
        fail('role', 'role must be staff, unit_manager or support.');
      const unit = unitOf();
      if (unit) fileStaff.set(username, { unitId: unit.id });
      if (unit)
        plan.staff.push({
          line,
          username,
          displayName: record.display_name,
          role: role as (typeof ROLES)[number],
          unitId: unit.id,
        });
    } else if (kind === 'citizen' || kind === 'relation') {
      let citizen: { ref: string } | { id: string } | null = null;
      if (kind === 'citizen') {
        if (!record.display_name || record.display_name.length > 100)
          fail('display_name', 'The name is missing or longer than 100 characters.');
        if (record.initials.length > 4) fail('initials', 'Initials are at most 4 characters.');
        if (record.ref.length > 40) fail('ref', 'A ref is at most 40 characters.');
        if (record.ref && seenRefs.has(record.ref)) fail('ref', `The ref "${record.ref}" is used twice.`);
        seenRefs.add(record.ref);
        const ref = record.ref || `line:${line}`;
        plan.citizens.push({
          line,
          ref,
          displayName: record.display_name,
          initials: record.initials || null,
        });
        citizen = { ref };
      } else if (!record.citizen) fail('citizen', 'Name the citizen: a ref from this file or a citizen id.');
      else if (fileRefs.has(record.citizen)) citizen = { ref: record.citizen };
      else if (UUID.test(record.citizen) && lookups.citizens.has(record.citizen.toLowerCase()))
        citizen = { id: record.citizen.toLowerCase() };
      else
        fail(
          'citizen',
          `"${record.citizen}" is neither a ref in this file nor a citizen of the municipality.`,
        );
      const unit = unitOf();
      if (unit && !ENROLABLE.includes(unit.kind))
        fail('unit', 'Citizens are enrolled in a home-care team, a home-guidance unit or a facility.');
      const guide = guideOf(unit);
      if (citizen && unit) {
        const key = `${'id' in citizen ? citizen.id : `ref:${citizen.ref}`}|${unit.id}`;
        if (seenEnrolments.has(key) || lookups.openEnrolments.has(key))
          fail('unit', 'The citizen is already enrolled in this unit.');
        seenEnrolments.add(key);
        plan.enrolments.push({ line, citizen, unitId: unit.id, guide });
      }
    }
    if ((index + 1) % 100 === 0) {
      onProgress(index + 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  onProgress(rows.length);
  return { plan, errors };
}

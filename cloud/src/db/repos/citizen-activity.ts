import { type SQL, sql } from 'drizzle-orm';
import { citizensTable } from '../schema/index.js';

/**
 * When a citizen was last in use, for the inactivity rule (support's warning and the job that closes accounts
 * after the municipality's `inactivityDisableDays`): the latest of
 *  - their last login (a code, a PIN, or the bound browser logging in again), or their creation if none;
 *  - the last sighting of a kiosk lent to them now (`devices.last_seen_at`: set while it is online);
 *  - when support last lent them a kiosk or took one back (`citizens.kiosk_loan_changed_at`).
 *
 * Why the kiosk counts: a resident with a loan kiosk never logs in (the kiosk has its own credential) and may
 * press the night-watch button once a year. Counting logins alone closed her account 120 days after it was
 * made, and a closed citizen can neither call nor be called (care/permissions/decide.ts): her one button to the
 * night watch stopped reaching anyone, with no warning to support (the requirement is warnings on inactivity,
 * then closing: docs/security.md "Easy, safe shutdown"). A kiosk switched on in her home is the service in use.
 * A kiosk taken back starts the count, so support is warned before she is closed.
 *
 * Here so the accounts feature (the job, GET /api/accounts/inactive) and the alerts feature (support's
 * Advarsler) share one rule without importing each other.
 */
export const citizenLastInUse: SQL<Date> = sql<Date>`greatest(
  coalesce(${citizensTable.lastLoginAt}, ${citizensTable.createdAt}),
  ${citizensTable.kioskLoanChangedAt},
  (select max(d.last_seen_at) from devices d where d.citizen_id = ${citizensTable.id})
)`;

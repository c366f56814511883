/** The care domain (issue 4): who may call whom and when, auto-answer, night watch, roster and day plan. */

export * from './auto-answer.js';
export * from './day-plan/call-records.js';
export * from './day-plan/connected.js';
export * from './day-plan/settings.js';
export * from './day-plan/slots.js';
export * from './day-plan/stats.js';
export * from './day-plan/stats-repository.js';
export * from './errors.js';
export { type ImportJobs, sharedImportJobs } from './imports/jobs.js';
export * from './night-watch/citizen-pool.js';
export * from './night-watch/duty.js';
export * from './night-watch/fallback-phone.js';
export { nightWatchPlaces } from './night-watch/led-pools.js';
export * from './night-watch/ring-place.js';
export * from './night-watch/roster.js';
export * from './night-watch/roster-csv.js';
export * from './night-watch/roster-ical.js';
export * from './night-watch/roster-import.js';
export * from './night-watch/settings.js';
export * from './permissions/decide.js';
export * from './permissions/graph.js';
export * from './permissions/messages.js';
export * from './permissions/night-watch-hours.js';
export * from './permissions/repository.js';
export * from './permissions/service.js';
// The unit scope and time zone the dashboard reads by (issue 13); the rest of scope.ts stays the care API's own.
export { memberUnitIds, municipalityZone } from './scope.js';
export * from './seed-care.js';
export * from './time/windows.js';

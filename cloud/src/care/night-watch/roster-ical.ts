import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { ShiftCandidate, ShiftParseError } from './roster.js';

/**
 * Roster from iCalendar (RFC 5545). Each VEVENT is one shift:
 * - UID (required) is the external key: importing the file again updates the shift; STATUS:CANCELLED cancels it.
 * - DTSTART and DTEND (or DURATION) as UTC ("…Z"), or with TZID (any IANA zone name), or floating (read in the
 *   municipality's zone). Times are converted with the IANA rules (luxon), not the file's VTIMEZONE, so an
 *   exported Outlook/Google calendar and a hand-written one agree; a skipped local time is an error.
 * - The member: the first ATTENDEE whose mailto: local part (before @) is a staff username, e.g.
 *   ATTENDEE;CN=Lars Poulsen:mailto:lars.poulsen@kk.dk → "lars.poulsen"; otherwise the SUMMARY, which must be
 *   the username or end with ": <username>" (e.g. "Nattevagt: lars.poulsen").
 * - Not supported (reported per event): all-day events, and RRULE/RDATE recurrences; export single events.
 */
export function parseRosterIcal(
  text: string,
  timeZone: string,
): { candidates: ShiftCandidate[]; errors: ShiftParseError[]; cancelledUids: string[] } {
  const candidates: ShiftCandidate[] = [];
  const errors: ShiftParseError[] = [];
  const cancelledUids: string[] = [];
  let root: InstanceType<typeof ICAL.Component>;
  try {
    const parsed: unknown = ICAL.parse(text);
    // ical.js returns [] for an empty text and a list of components for several top-level ones; both made
    // `new ICAL.Component` throw later (a 500 found by the care API's fast-check property). RFC 5545 §3.4: the
    // stream is one VCALENDAR object here.
    if (!Array.isArray(parsed) || parsed[0] !== 'vcalendar')
      throw new Error('expected exactly one VCALENDAR');
    root = new ICAL.Component(parsed as unknown[]);
  } catch (cause) {
    return {
      candidates,
      errors: [{ row: 'file', message: `not a valid iCalendar file: ${(cause as Error).message}` }],
      cancelledUids,
    };
  }
  for (const [index, event] of root.getAllSubcomponents('vevent').entries()) {
    const uid = String(event.getFirstPropertyValue('uid') ?? '');
    const row = uid ? `event ${uid}` : `event #${index + 1}`;
    if (!uid) {
      errors.push({ row, message: 'UID is missing' });
      continue;
    }
    if (String(event.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') {
      cancelledUids.push(uid);
      continue;
    }
    if (event.hasProperty('rrule') || event.hasProperty('rdate')) {
      errors.push({ row, message: 'recurring events are not supported: export single events' });
      continue;
    }
    const username = memberOf(event);
    if (!username) {
      errors.push({ row, message: 'no ATTENDEE or SUMMARY names a staff username' });
      continue;
    }
    const start = instantOf(event.getFirstProperty('dtstart'), timeZone);
    if (!start.ok) {
      errors.push({ row, message: `DTSTART ${start.message}` });
      continue;
    }
    let end: { ok: true; at: Date } | { ok: false; message: string };
    const duration = event.getFirstPropertyValue('duration');
    if (event.hasProperty('dtend')) end = instantOf(event.getFirstProperty('dtend'), timeZone);
    else if (duration instanceof ICAL.Duration)
      end = { ok: true, at: new Date(start.at.getTime() + duration.toSeconds() * 1000) };
    else end = { ok: false, message: 'is missing (neither DTEND nor DURATION)' };
    if (!end.ok) {
      errors.push({ row, message: `DTEND ${end.message}` });
      continue;
    }
    if (end.at.getTime() <= start.at.getTime()) {
      errors.push({ row, message: 'ends before it starts' });
      continue;
    }
    candidates.push({ row, username, startsAt: start.at, endsAt: end.at, externalUid: `ical:${uid}` });
  }
  return { candidates, errors, cancelledUids: cancelledUids.map((u) => `ical:${u}`) };
}

function memberOf(event: InstanceType<typeof ICAL.Component>): string | null {
  for (const attendee of event.getAllProperties('attendee')) {
    const value = String(attendee.getFirstValue() ?? '');
    const match = /^mailto:([^@]+)@/i.exec(value);
    if (match) return match[1]!.toLowerCase();
  }
  const summary = String(event.getFirstPropertyValue('summary') ?? '').trim();
  const name = summary.includes(':') ? summary.slice(summary.lastIndexOf(':') + 1).trim() : summary;
  return name && !/\s/.test(name) ? name.toLowerCase() : null;
}

function instantOf(
  property: InstanceType<typeof ICAL.Property> | null,
  timeZone: string,
): { ok: true; at: Date } | { ok: false; message: string } {
  const value = property?.getFirstValue();
  if (!(value instanceof ICAL.Time)) return { ok: false, message: 'is missing' };
  if (value.isDate) return { ok: false, message: 'is a whole day; a shift needs a time' };
  const fields = {
    year: value.year,
    month: value.month,
    day: value.day,
    hour: value.hour,
    minute: value.minute,
    second: value.second,
  };
  const utc = value.zone === ICAL.Timezone.utcTimezone;
  const tzid = property?.getParameter('tzid');
  const zone = utc ? 'UTC' : typeof tzid === 'string' ? tzid : timeZone;
  const local = DateTime.fromObject(fields, { zone });
  if (!local.isValid) return { ok: false, message: `has an unknown time zone "${zone}"` };
  if (local.hour !== value.hour || local.minute !== value.minute)
    return { ok: false, message: 'does not exist on that date (the clocks go forward)' };
  return { ok: true, at: local.toJSDate() };
}

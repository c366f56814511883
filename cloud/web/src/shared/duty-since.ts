import { type MunicipalFormat, WEEKDAY_DATE_TIME } from './municipal-date.js';

/** Longer than any night shift (22.00 to 07.00 is 9 hours): a duty this old was most likely never ended. */
export const FORGOTTEN_DUTY_MS = 12 * 60 * 60 * 1000;

/**
 * How "on duty since" shows its time (night console and the watch view). A duty period lasts until the person
 * goes off duty; nothing ends it at the shift's end. Shown as the time of day alone, someone who went on duty at
 * 22.00 three nights ago and never went off read "siden kl. 22.00", as if they had come tonight. Within a
 * shift the time alone stays (short, and the common case); past that the weekday and date come with it.
 */
export function dutySince(since: Date | string, now: number): { options: MunicipalFormat; dated: boolean } {
  const dated = now - new Date(since).getTime() > FORGOTTEN_DUTY_MS;
  return { options: dated ? WEEKDAY_DATE_TIME : { hour: '2-digit', minute: '2-digit' }, dated };
}

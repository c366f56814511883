import { WEEKDAY_DATE_TIME } from '../../shared/municipal-date.js';

/**
 * When a missed call came: weekday, date and time in municipal time. The list keeps every call not yet called
 * back, oldest first, and in the demo it reached back two months; with the weekday alone (as it was) a call from
 * 11 October read "søn. 03.05" at 02.15 on Sunday 6 December, as if it had come later that same night, and two
 * Sundays could not be told apart. The date makes each line say which night it was.
 */
export const MISSED_AT = WEEKDAY_DATE_TIME;

/**
 * Advarsler's grouped lines (alert-groups.ts): "12 borgere har aldrig brugt ScreenVisit." with a button that shows
 * who. Plural by i18next (`_one`/`_other`, Danish and English have the same two forms); `{{days}}` and `{{hours}}`
 * are themselves plural phrases ("1 dag", "61 dage"), made by `alerts.group.days`/`hours` first.
 */
export const alertGroupDa = {
  'alerts.group.inactive_citizen_never_one': '{{count}} borger har aldrig brugt ScreenVisit.',
  'alerts.group.inactive_citizen_never_other': '{{count}} borgere har aldrig brugt ScreenVisit.',
  'alerts.group.inactive_citizen_one': '{{count}} borger har ikke brugt ScreenVisit i mindst {{days}}.',
  'alerts.group.inactive_citizen_other': '{{count}} borgere har ikke brugt ScreenVisit i mindst {{days}}.',
  'alerts.group.inactive_staff_never_one': '{{count}} medarbejder har aldrig logget ind.',
  'alerts.group.inactive_staff_never_other': '{{count}} medarbejdere har aldrig logget ind.',
  'alerts.group.inactive_staff_one': '{{count}} medarbejder har ikke logget ind i mindst {{days}}.',
  'alerts.group.inactive_staff_other': '{{count}} medarbejdere har ikke logget ind i mindst {{days}}.',
  'alerts.group.device_offline_one':
    '{{count}} skærm har været offline i mindst {{hours}}, mens borgeren venter på opkald.',
  'alerts.group.device_offline_other':
    '{{count}} skærme har været offline i mindst {{hours}}, mens borgerne venter på opkald.',
  'alerts.group.wipe_pending_one':
    'Sletningen af {{count}} skærm har ventet i mindst {{hours}}: skærmen har ikke været online.',
  'alerts.group.wipe_pending_other':
    'Sletningen af {{count}} skærme har ventet i mindst {{hours}}: skærmene har ikke været online.',
  'alerts.group.poor_connection_one': '{{count}} skærm har dårlig forbindelse.',
  'alerts.group.poor_connection_other': '{{count}} skærme har dårlig forbindelse.',
  'alerts.group.kiosk_to_collect_one': '{{count}} skærm skal hentes: borgeren, der lånte den, er lukket.',
  'alerts.group.kiosk_to_collect_other': '{{count}} skærme skal hentes: borgerne, der lånte dem, er lukket.',
  'alerts.group.pool_unreachable_one': '{{count}} nattevagt: nogen er på vagt, men ingen har konsollen åben.',
  'alerts.group.pool_unreachable_other':
    '{{count}} nattevagter: nogen er på vagt, men ingen har konsollen åben.',
  'alerts.group.days_one': '{{count}} dag',
  'alerts.group.days_other': '{{count}} dage',
  'alerts.group.hours_one': '{{count}} time',
  'alerts.group.hours_other': '{{count}} timer',
  'alerts.group.firstClosesOn': 'Den første konto lukkes af sig selv den {{date}}.',
  'alerts.group.firstClosesNow': 'Mindst én konto lukkes af sig selv meget snart.',
  'alerts.group.who.citizen_one': 'borger',
  'alerts.group.who.citizen_other': 'borgere',
  'alerts.group.who.staff_one': 'medarbejder',
  'alerts.group.who.staff_other': 'medarbejdere',
  'alerts.group.who.device_one': 'skærm',
  'alerts.group.who.device_other': 'skærme',
  'alerts.group.who.unit_one': 'nattevagt',
  'alerts.group.who.unit_other': 'nattevagter',
  'alerts.group.show': 'Vis de {{count}} {{who}}',
  'alerts.group.hide': 'Skjul de {{count}} {{who}}',
} as const;

export const alertGroupEn: Record<keyof typeof alertGroupDa, string> = {
  'alerts.group.inactive_citizen_never_one': '{{count}} citizen has never used ScreenVisit.',
  'alerts.group.inactive_citizen_never_other': '{{count}} citizens have never used ScreenVisit.',
  'alerts.group.inactive_citizen_one': '{{count}} citizen has not used ScreenVisit for at least {{days}}.',
  'alerts.group.inactive_citizen_other':
    '{{count}} citizens have not used ScreenVisit for at least {{days}}.',
  'alerts.group.inactive_staff_never_one': '{{count}} staff member has never logged in.',
  'alerts.group.inactive_staff_never_other': '{{count}} staff members have never logged in.',
  'alerts.group.inactive_staff_one': '{{count}} staff member has not logged in for at least {{days}}.',
  'alerts.group.inactive_staff_other': '{{count}} staff members have not logged in for at least {{days}}.',
  'alerts.group.device_offline_one':
    '{{count}} kiosk has been offline for at least {{hours}} while its citizen expects calls.',
  'alerts.group.device_offline_other':
    '{{count}} kiosks have been offline for at least {{hours}} while their citizens expect calls.',
  'alerts.group.wipe_pending_one':
    'The wipe of {{count}} kiosk has waited at least {{hours}}: the kiosk has not been online.',
  'alerts.group.wipe_pending_other':
    'The wipes of {{count}} kiosks have waited at least {{hours}}: the kiosks have not been online.',
  'alerts.group.poor_connection_one': '{{count}} kiosk has a poor connection.',
  'alerts.group.poor_connection_other': '{{count}} kiosks have a poor connection.',
  'alerts.group.kiosk_to_collect_one':
    '{{count}} kiosk is to be collected: the citizen who borrowed it was closed.',
  'alerts.group.kiosk_to_collect_other':
    '{{count}} kiosks are to be collected: the citizens who borrowed them were closed.',
  'alerts.group.pool_unreachable_one':
    '{{count}} night watch: someone is on duty, but nobody has the console open.',
  'alerts.group.pool_unreachable_other':
    '{{count}} night watches: someone is on duty, but nobody has the console open.',
  'alerts.group.days_one': '{{count}} day',
  'alerts.group.days_other': '{{count}} days',
  'alerts.group.hours_one': '{{count}} hour',
  'alerts.group.hours_other': '{{count}} hours',
  'alerts.group.firstClosesOn': 'The first account is closed by itself on {{date}}.',
  'alerts.group.firstClosesNow': 'At least one account is closed by itself very soon.',
  'alerts.group.who.citizen_one': 'citizen',
  'alerts.group.who.citizen_other': 'citizens',
  'alerts.group.who.staff_one': 'staff member',
  'alerts.group.who.staff_other': 'staff members',
  'alerts.group.who.device_one': 'kiosk',
  'alerts.group.who.device_other': 'kiosks',
  'alerts.group.who.unit_one': 'night watch',
  'alerts.group.who.unit_other': 'night watches',
  'alerts.group.show': 'Show the {{count}} {{who}}',
  'alerts.group.hide': 'Hide the {{count}} {{who}}',
};

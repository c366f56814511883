/**
 * Advarsler's words for a kiosk lent but never enrolled (cloud/src/alerts/kiosk-not-enrolled.ts) and the button
 * on every kiosk's alert that opens its page under Skærme. Plural by i18next (`_one`/`_other`). `{{borrower}}`
 * is the citizen with her ref, as the kiosk list names a borrower; without one (an older cloud) the sentence
 * names the kiosk alone.
 */
export const kioskAlertDa = {
  'alerts.kiosk_not_enrolled_one':
    'Skærm {{name}} er lånt ud til {{borrower}} for {{count}} dag siden, men er ikke tilmeldt. Den kan hverken ringe eller blive ringet op.',
  'alerts.kiosk_not_enrolled_other':
    'Skærm {{name}} er lånt ud til {{borrower}} for {{count}} dage siden, men er ikke tilmeldt. Den kan hverken ringe eller blive ringet op.',
  'alerts.kioskNotEnrolledNoName_one':
    'Skærm {{name}} er lånt ud for {{count}} dag siden, men er ikke tilmeldt. Den kan hverken ringe eller blive ringet op.',
  'alerts.kioskNotEnrolledNoName_other':
    'Skærm {{name}} er lånt ud for {{count}} dage siden, men er ikke tilmeldt. Den kan hverken ringe eller blive ringet op.',
  'alerts.openKiosk': 'Åbn skærmen {{name}}',
  'alerts.group.kiosk_not_enrolled_one':
    '{{count}} skærm er lånt ud for mindst {{days}} siden, men ikke tilmeldt: borgeren kan hverken ringe eller blive ringet op.',
  'alerts.group.kiosk_not_enrolled_other':
    '{{count}} skærme er lånt ud for mindst {{days}} siden, men ikke tilmeldt: borgerne kan hverken ringe eller blive ringet op.',
} as const;

export const kioskAlertEn: Record<keyof typeof kioskAlertDa, string> = {
  'alerts.kiosk_not_enrolled_one':
    'Kiosk {{name}} was lent to {{borrower}} {{count}} day ago but is not enrolled. It can neither call nor be called.',
  'alerts.kiosk_not_enrolled_other':
    'Kiosk {{name}} was lent to {{borrower}} {{count}} days ago but is not enrolled. It can neither call nor be called.',
  'alerts.kioskNotEnrolledNoName_one':
    'Kiosk {{name}} was lent {{count}} day ago but is not enrolled. It can neither call nor be called.',
  'alerts.kioskNotEnrolledNoName_other':
    'Kiosk {{name}} was lent {{count}} days ago but is not enrolled. It can neither call nor be called.',
  'alerts.openKiosk': 'Open kiosk {{name}}',
  'alerts.group.kiosk_not_enrolled_one':
    '{{count}} kiosk was lent at least {{days}} ago but is not enrolled: its citizen can neither call nor be called.',
  'alerts.group.kiosk_not_enrolled_other':
    '{{count}} kiosks were lent at least {{days}} ago but are not enrolled: their citizens can neither call nor be called.',
};

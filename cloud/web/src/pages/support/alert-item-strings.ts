/**
 * One line inside an opened group under Advarsler (alert-item-text.ts): the name and what differs from the
 * others, since the group's own line above already says the sentence ("12 borgere har aldrig brugt
 * ScreenVisit."). `{{who}}` is the name (a citizen with her ref, as the kiosk list names her), `{{closes}}` one of
 * the `closes*` phrases. Plural by i18next (`_one`/`_other`).
 */
export const alertItemDa = {
  'alerts.item.createdAgo_one': '{{who}}: oprettet for {{count}} dag siden{{closes}}.',
  'alerts.item.createdAgo_other': '{{who}}: oprettet for {{count}} dage siden{{closes}}.',
  'alerts.item.citizenIdle_one': '{{who}}: {{count}} dag uden brug{{closes}}.',
  'alerts.item.citizenIdle_other': '{{who}}: {{count}} dage uden brug{{closes}}.',
  'alerts.item.staffIdle_one': '{{who}}: {{count}} dag uden log ind{{closes}}.',
  'alerts.item.staffIdle_other': '{{who}}: {{count}} dage uden log ind{{closes}}.',
  'alerts.item.closesOn': ', lukkes den {{date}}',
  'alerts.item.closesNow': ', lukkes meget snart',
  'alerts.item.offline_one': '{{who}}: offline i {{count}} time.',
  'alerts.item.offline_other': '{{who}}: offline i {{count}} timer.',
  'alerts.item.wipeWaited_one': '{{who}}: har ventet i {{count}} time.',
  'alerts.item.wipeWaited_other': '{{who}}: har ventet i {{count}} timer.',
  'alerts.item.poorConnection': '{{who}}: {{rttMs}} ms svartid og {{lossPercent}} % tab.',
  'alerts.item.collectWiped': '{{who}}: slettet på afstand.',
  'alerts.item.collectPending':
    '{{who}}: ikke slettet endnu (sletter sig selv, når den er tændt og på nettet).',
  'alerts.item.collectUnenrolled': '{{who}}: aldrig tilmeldt, intet at slette.',
  'alerts.item.lentTo_one': '{{who}}: lånt ud til {{borrower}} for {{count}} dag siden.',
  'alerts.item.lentTo_other': '{{who}}: lånt ud til {{borrower}} for {{count}} dage siden.',
  'alerts.item.lent_one': '{{who}}: lånt ud for {{count}} dag siden.',
  'alerts.item.lent_other': '{{who}}: lånt ud for {{count}} dage siden.',
  'alerts.item.poolName': '{{who}}.',
} as const;

export const alertItemEn: Record<keyof typeof alertItemDa, string> = {
  'alerts.item.createdAgo_one': '{{who}}: created {{count}} day ago{{closes}}.',
  'alerts.item.createdAgo_other': '{{who}}: created {{count}} days ago{{closes}}.',
  'alerts.item.citizenIdle_one': '{{who}}: {{count}} day unused{{closes}}.',
  'alerts.item.citizenIdle_other': '{{who}}: {{count}} days unused{{closes}}.',
  'alerts.item.staffIdle_one': '{{who}}: {{count}} day without a login{{closes}}.',
  'alerts.item.staffIdle_other': '{{who}}: {{count}} days without a login{{closes}}.',
  'alerts.item.closesOn': ', closes on {{date}}',
  'alerts.item.closesNow': ', closes very soon',
  'alerts.item.offline_one': '{{who}}: offline for {{count}} hour.',
  'alerts.item.offline_other': '{{who}}: offline for {{count}} hours.',
  'alerts.item.wipeWaited_one': '{{who}}: waited {{count}} hour.',
  'alerts.item.wipeWaited_other': '{{who}}: waited {{count}} hours.',
  'alerts.item.poorConnection': '{{who}}: {{rttMs}} ms round trip and {{lossPercent}} % loss.',
  'alerts.item.collectWiped': '{{who}}: wiped remotely.',
  'alerts.item.collectPending': '{{who}}: not wiped yet (it wipes itself when switched on and online).',
  'alerts.item.collectUnenrolled': '{{who}}: never enrolled, nothing to wipe.',
  'alerts.item.lentTo_one': '{{who}}: lent to {{borrower}} {{count}} day ago.',
  'alerts.item.lentTo_other': '{{who}}: lent to {{borrower}} {{count}} days ago.',
  'alerts.item.lent_one': '{{who}}: lent {{count}} day ago.',
  'alerts.item.lent_other': '{{who}}: lent {{count}} days ago.',
  'alerts.item.poolName': '{{who}}.',
};

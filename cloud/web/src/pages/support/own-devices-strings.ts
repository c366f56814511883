/**
 * The citizen's own phones, tablets and computers on their card (support.md task 4, "Borgerens telefon eller
 * tablet er mistet"): each browser a code bound, numbered in the order it was bound, and revoking a lost one.
 * Not "enhed": on these pages an enhed is a care unit (Relationer).
 */
export const ownDevicesDa = {
  'ownDevices.heading': 'Borgerens egne telefoner, tablets og computere',
  'ownDevices.intro':
    'Hver gang borgeren bruger en aktiveringskode, bliver den telefon, tablet eller computer koblet til borgeren. ScreenVisit kender ikke mærke eller model, kun hvornår den blev koblet til og sidst logget ind. Nr. 1 er den første.',
  'ownDevices.none':
    '{{name}} har ingen egen telefon, tablet eller computer koblet til. Med en aktiveringskode (herunder) kan borgeren komme i gang.',
  'ownDevices.noneActive':
    'Ingen af dem virker nu. Vil {{name}} bruge en telefon, tablet eller computer, skal borgeren have en ny aktiveringskode (herunder).',
  'ownDevices.number': 'Nr. {{number}}',
  'ownDevices.bound': 'Koblet til {{at}}',
  'ownDevices.lastLogin': 'Sidst logget ind {{at}}',
  'ownDevices.works': 'Virker',
  'ownDevices.revokedAt': 'Tilbagekaldt {{at}}',
  'ownDevices.refresh': 'Hent listen igen',
  'ownDevices.revoke': 'Tilbagekald nr. {{number}}',
  'ownDevices.revokeTitle': 'Tilbagekald nr. {{number}} for {{name}}?',
  'ownDevices.revokeText':
    'Den telefon, tablet eller computer, der blev koblet til {{bound}}, bliver logget ud med det samme. Derefter kan den hverken ringe eller blive ringet op. Vil {{name}} bruge en ny telefon, tablet eller computer, skal borgeren have en ny aktiveringskode.',
  'ownDevices.revokeDone':
    'Nr. {{number}} er tilbagekaldt og logget ud. Den kan ikke længere ringe eller blive ringet op.',
  'ownDevices.newCode': 'Lav en ny aktiveringskode til {{name}}',
} as const;

export const ownDevicesEn: Record<keyof typeof ownDevicesDa, string> = {
  'ownDevices.heading': 'The citizen’s own phones, tablets and computers',
  'ownDevices.intro':
    'Each time the citizen uses an activation code, that phone, tablet or computer is bound to the citizen. ScreenVisit knows no make or model, only when it was bound and when it last logged in. No. 1 is the first.',
  'ownDevices.none':
    '{{name}} has no own phone, tablet or computer bound. With an activation code (below) the citizen can get started.',
  'ownDevices.noneActive':
    'None of them works now. For {{name}} to use a phone, tablet or computer, the citizen needs a new activation code (below).',
  'ownDevices.number': 'No. {{number}}',
  'ownDevices.bound': 'Bound {{at}}',
  'ownDevices.lastLogin': 'Last logged in {{at}}',
  'ownDevices.works': 'Works',
  'ownDevices.revokedAt': 'Revoked {{at}}',
  'ownDevices.refresh': 'Read the list again',
  'ownDevices.revoke': 'Revoke no. {{number}}',
  'ownDevices.revokeTitle': 'Revoke no. {{number}} for {{name}}?',
  'ownDevices.revokeText':
    'The phone, tablet or computer bound {{bound}} is logged out at once. After that it can neither call nor be called. For {{name}} to use a new phone, tablet or computer, the citizen needs a new activation code.',
  'ownDevices.revokeDone': 'No. {{number}} is revoked and logged out. It can no longer call or be called.',
  'ownDevices.newCode': 'Make a new activation code for {{name}}',
};

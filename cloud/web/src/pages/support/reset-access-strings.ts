/** The reset of a locked-out staff member's access (reset-access-panel.tsx, support-accounts-section.tsx). */
export const resetDa = {
  'tab.accounts': 'Supportkonti',
  'accounts.heading': 'Kommunens supportkonti',
  'accounts.intro':
    'Har en supportmedarbejder mistet sin telefon, glemt sin adgangskode, eller er kontoen lukket, giver du adgangen tilbage her.',
  'accounts.none': 'Kommunen har ingen supportkonti.',
  'accounts.name': 'Navn',
  'accounts.username': 'Brugernavn',
  'accounts.state': 'Adgang',
  'accounts.lastLogin': 'Sidst logget ind',
  'accounts.never': 'Aldrig',
  'accounts.closed': 'Lukket',
  'accounts.noFactor': 'Åben, uden app',
  'accounts.open': 'Åben',
  'reset.button': 'Nulstil adgang for {{name}}',
  'reset.heading': 'Nulstil adgang for {{name}}?',
  'reset.text':
    '{{name}} får en engangsadgangskode, som skal skiftes ved næste login, og skal forbinde en ny godkendelsesapp. Den gamle app, adgangsnøgler og gendannelseskoder holder op med at virke med det samme, og {{name}} bliver logget ud overalt.',
  'reset.reopenText': 'Kontoen er lukket. Nulstillingen åbner den igen.',
  'reset.yes': 'Nulstil adgang',
  'reset.no': 'Fortryd',
  'reset.done': 'Adgangen for {{name}} er nulstillet.',
  'reset.reopened': 'Kontoen er åbnet igen.',
  'reset.passwordLabel': 'Engangsadgangskode (vises kun nu)',
  'reset.handOver':
    'Giv koden personligt eller i telefonen, aldrig på e-mail. Den vises ikke igen: luk denne boks, når den er givet videre. Brugernavn: {{username}}.',
  'reset.hide': 'Koden er givet videre – skjul den',
  'reset.notSelf': 'Din egen adgang nulstiller en kollega eller 2. linje.',
} as const;

export const resetEn: Record<keyof typeof resetDa, string> = {
  'tab.accounts': 'Support accounts',
  'accounts.heading': 'The municipality’s support accounts',
  'accounts.intro':
    'If a support worker lost her phone, forgot her password, or her account is closed, give her access back here.',
  'accounts.none': 'The municipality has no support accounts.',
  'accounts.name': 'Name',
  'accounts.username': 'Username',
  'accounts.state': 'Access',
  'accounts.lastLogin': 'Last logged in',
  'accounts.never': 'Never',
  'accounts.closed': 'Closed',
  'accounts.noFactor': 'Open, no app',
  'accounts.open': 'Open',
  'reset.button': 'Reset access for {{name}}',
  'reset.heading': 'Reset access for {{name}}?',
  'reset.text':
    '{{name}} gets a one-time password that must be changed at the next login, and must connect a new authenticator app. The old app, passkeys and recovery codes stop working at once, and {{name}} is logged out everywhere.',
  'reset.reopenText': 'The account is closed. The reset opens it again.',
  'reset.yes': 'Reset access',
  'reset.no': 'Cancel',
  'reset.done': 'Access for {{name}} has been reset.',
  'reset.reopened': 'The account is open again.',
  'reset.passwordLabel': 'One-time password (shown only now)',
  'reset.handOver':
    'Give the code in person or by phone, never by e-mail. It is not shown again: close this box once it is handed over. Username: {{username}}.',
  'reset.hide': 'The code is handed over – hide it',
  'reset.notSelf': 'A colleague or 2nd line resets your own access.',
};

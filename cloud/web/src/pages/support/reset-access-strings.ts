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
  'accounts.noFactor': 'Åben, uden godkendelsesapp endnu',
  'accounts.open': 'Åben',
  'reset.button': 'Nulstil adgang for {{name}}',
  'reset.heading': 'Nulstil adgang for {{name}}?',
  'reset.text':
    '{{name}} får en midlertidig adgangskode, som du giver videre. Alt, som {{name}} logger ind med i dag (adgangskode, godkendelsesapp, adgangsnøgler, gendannelseskoder og PIN), holder op med at virke med det samme, og {{name}} bliver logget ud alle steder. Ved næste login vælger {{name}} sin egen adgangskode og tilføjer godkendelsesappen igen.',
  'reset.reopenText': 'Kontoen er lukket. Nulstillingen åbner den igen.',
  'reset.yes': 'Ja, nulstil adgangen',
  'reset.no': 'Fortryd',
  'reset.done': 'Adgangen for {{name}} er nulstillet.',
  'reset.reopened': 'Kontoen er åbnet igen.',
  'reset.username': 'Brugernavn: {{username}}',
  'reset.passwordLabel': 'Midlertidig adgangskode (vises kun nu)',
  'reset.handOver':
    'Giv brugernavnet og den midlertidige adgangskode til {{name}} personligt eller i telefonen, aldrig på e-mail. Koden har kun små bogstaver og tal. {{name}} skriver den ved næste login og vælger så sin egen adgangskode. Koden vises ikke igen.',
  'reset.hide': 'Koden er givet videre – skjul den',
  'reset.notSelf': 'Din egen adgang nulstiller en kollega i support eller 2. linje.',
  'reset.byOperator': 'Konti for leverandørens support (2. linje) nulstilles af driften, ikke her.',
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
  'accounts.noFactor': 'Open, no authenticator app yet',
  'accounts.open': 'Open',
  'reset.button': 'Reset access for {{name}}',
  'reset.heading': 'Reset access for {{name}}?',
  'reset.text':
    '{{name}} gets a temporary password, which you hand over. Everything {{name}} logs in with today (password, authenticator app, passkeys, recovery codes and PIN) stops working at once, and {{name}} is logged out everywhere. At the next login {{name}} chooses a password of their own and adds the authenticator app again.',
  'reset.reopenText': 'The account is closed. The reset opens it again.',
  'reset.yes': 'Yes, reset the access',
  'reset.no': 'Cancel',
  'reset.done': 'Access for {{name}} has been reset.',
  'reset.reopened': 'The account is open again.',
  'reset.username': 'Username: {{username}}',
  'reset.passwordLabel': 'Temporary password (shown only now)',
  'reset.handOver':
    'Give the username and the temporary password to {{name}} in person or by phone, never by e-mail. The code has only small letters and digits. {{name}} types it at the next login and then chooses a password of their own. The code is not shown again.',
  'reset.hide': 'The code is handed over – hide it',
  'reset.notSelf': 'A colleague in support or 2nd line resets your own access.',
  'reset.byOperator': 'Accounts of the vendor’s support (2nd line) are reset by operations, not here.',
};

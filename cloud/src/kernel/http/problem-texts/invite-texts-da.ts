/** Danish for the staff invitation and the alert token texts (issue 12 §1, §3); merged into da.ts. */
export const INVITE_AND_ALERT_TEXTS_DA: Readonly<Record<string, string>> = {
  // Staff invitations (issue 12 §1).
  'This staff member already has a password. An invitation is only for someone who has none yet.':
    'Medarbejderen har allerede en adgangskode. En invitation er kun til den, der ikke har en endnu.',
  'This account is closed. Open it again before sending an invitation.':
    'Kontoen er lukket. Åbn den igen, før du laver en invitation.',
  'This invitation link cannot be used: it has been used, replaced or has expired. Ask support for a new one.':
    'Invitationslinket kan ikke bruges: det er brugt, erstattet af et nyt eller udløbet. Bed support om et nyt.',

  // Alerts for an on-call system.
  'The alert token is not valid or has been revoked.':
    'Alarmnøglen er ikke gyldig eller er blevet tilbagekaldt.',
};

/** Danish for the login, second factor, session and single sign-on problems (auth/). Merged into da.ts. */
export const AUTH_TEXTS_DA: Readonly<Record<string, string>> = {
  // Login, factors, passwords.
  'The code is not right. Try the newest code.': 'Koden er ikke rigtig. Prøv den nyeste kode.',
  'The code is not right. Try the newest code from the app.':
    'Koden er ikke rigtig. Prøv den nyeste kode fra appen.',
  'There is no authenticator waiting for confirmation. Start again.':
    'Der er ingen godkendelsesapp, der venter på at blive bekræftet. Start forfra.',
  'You already have a second factor. Log in with it first, then add another.':
    'Du har allerede en ekstra sikkerhed. Log ind med den først, og tilføj så en anden.',
  'The current password is wrong.': 'Den nuværende adgangskode er forkert.',
  'Choose a password you have not used for your last {{PASSWORD_HISTORY_DEPTH}} passwords.':
    'Vælg en adgangskode, du ikke har brugt de seneste {{PASSWORD_HISTORY_DEPTH}} gange.',
  'Your session has ended. Log in again.': 'Du er blevet logget ud. Log ind igen.',
  'This login has ended. Log in again.': 'Dette login er udløbet. Log ind igen.',
  'Staff can only use ScreenVisit from the municipality\u2019s network.':
    'Personale kan kun bruge ScreenVisit fra kommunens netværk.',
  'No passkey is registered. Use another second factor.':
    'Der er ingen adgangsnøgle registreret. Brug en anden ekstra sikkerhed.',
  'The passkey could not be verified. Try again.': 'Adgangsnøglen kunne ikke bekræftes. Prøv igen.',
  'The passkey request expired or was already used. Start again.':
    'Anmodningen om adgangsnøgle er udløbet eller allerede brugt. Start forfra.',
  'This passkey is already registered.': 'Denne adgangsnøgle er allerede registreret.',
  'You already have {{MAX_PASSKEYS_PER_SUBJECT}} passkeys. Remove one first.':
    'Du har allerede {{MAX_PASSKEYS_PER_SUBJECT}} adgangsnøgler. Fjern en først.',
  'A client secret is needed to set up single sign-on.':
    'Der skal bruges en klienthemmelighed for at sætte single sign-on op.',
  'The issuer must be an https:// address.': 'Udstederen skal være en https://-adresse.',
  'You cannot disable your own account.': 'Du kan ikke deaktivere din egen konto.',

  // Texts the code keeps in constants (login, second factor, session denials, the citizen's own login).
  'The username or password is wrong.': 'Brugernavn eller adgangskode er forkert.',
  'Staff can only log in from the municipality\u2019s network.':
    'Personale kan kun logge ind fra kommunens netværk.',
  'This account is closed. Contact support.': 'Kontoen er lukket. Kontakt support.',
  'There is no login waiting for this step. Log in again.':
    'Der er intet login, der venter på dette trin. Log ind igen.',
  'There is no login waiting for its second factor. Log in again.':
    'Der er intet login, der venter på den ekstra sikkerhed. Log ind igen.',
  'You were logged out because you were inactive. Log in again.':
    'Du blev logget ud, fordi du ikke har været aktiv. Log ind igen.',
  'The screen is locked. Unlock it with your code.': 'Skærmen er låst. Lås den op med din kode.',
  'This screen is not set up yet. Use the code from your letter, SMS or Digital Post.':
    'Denne skærm er ikke sat op endnu. Brug koden fra dit brev, din sms eller Digital Post.',
  'The PIN is not right. Try again.': 'PIN-koden er ikke rigtig. Prøv igen.',
  'The code from your app is not right. Try again.': 'Koden fra din app er ikke rigtig. Prøv igen.',

  // Single sign-on refusals (auth/sso/errors.ts).
  'Single sign-on is not set up for this municipality.': 'Single sign-on er ikke sat op for denne kommune.',
  'Single sign-on for this municipality is misconfigured. Contact support.':
    'Single sign-on for denne kommune er sat forkert op. Kontakt support.',
  'This sign-in was not started in this browser. Start the sign-in again.':
    'Log ind blev ikke startet i denne browser. Start forfra.',
  'This sign-in link was already used or has expired. Start the sign-in again.':
    'Linket til log ind er brugt eller udløbet. Start forfra.',
  'The municipality\u2019s sign-in service did not sign you in. Start the sign-in again.':
    'Kommunens log ind-tjeneste loggede dig ikke ind. Start forfra.',
  'The municipality\u2019s sign-in service cannot be reached right now. Try again in a moment.':
    'Kommunens log ind-tjeneste svarer ikke lige nu. Prøv igen om lidt.',
  'The answer from the sign-in service could not be verified. Start the sign-in again.':
    'Svaret fra log ind-tjenesten kunne ikke bekræftes. Start forfra.',
  'The sign-in service did not say who you are. Contact support.':
    'Log ind-tjenesten oplyste ikke, hvem du er. Kontakt support.',
  'You do not have a ScreenVisit staff account in this municipality. Contact support.':
    'Du har ingen ScreenVisit-konto som medarbejder i denne kommune. Kontakt support.',
  'This account is closed. Say that it should be opened again (reopen) to reset it.':
    'Kontoen er lukket. Vælg, at den skal åbnes igen, for at nulstille den.',
  'You cannot reset your own access. Ask a colleague or 2nd line.':
    'Du kan ikke nulstille din egen adgang. Spørg en kollega eller 2. linje.',
};

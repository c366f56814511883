import { FIELD_TEXTS_DA } from './field-texts-da.js';
import { INVITE_AND_ALERT_TEXTS_DA } from './invite-texts-da.js';

/**
 * Danish for every problem text the cloud sends (issue 12 §7). The key is the English text as the code writes
 * it, with `{{name}}` where the code interpolates `${name}`; texts.test.ts fails when a literal detail in
 * cloud/src has no entry here. Plain, polite Danish; no blame; what to do next where there is something to do.
 */
export const PROBLEM_TEXTS_DA: Readonly<Record<string, string>> = {
  // Titles (RFC 9457 "title"), by status.
  'Invalid input': 'Ugyldige oplysninger',
  'Not logged in': 'Ikke logget ind',
  'Not allowed': 'Ikke tilladt',
  'Not found': 'Ikke fundet',
  'Method not allowed': 'Metoden er ikke tilladt',
  Conflict: 'Konflikt',
  Gone: 'Findes ikke længere',
  'Payload too large': 'For stor forespørgsel',
  'Too many requests': 'For mange forsøg',
  'Internal error': 'Intern fejl',
  'Service unavailable': 'Tjenesten er ikke tilgængelig',
  'Bad request': 'Ugyldig forespørgsel',

  // The kernel's defaults.
  'Log in first.': 'Log ind først.',
  'You are not allowed to do this.': 'Du må ikke gøre dette.',
  'Only the people in a call can report on it; you took no part in this call.':
    'Kun dem, der var med i et opkald, kan sende en måling af det; du var ikke med i dette opkald.',
  '{{what}} was not found.': '{{what}} blev ikke fundet.',
  '{{what}} was not found': '{{what}} blev ikke fundet.',
  'Too many attempts. Wait a moment and try again.': 'For mange forsøg. Vent lidt, og prøv igen.',
  'Some fields are missing or invalid.': 'Nogle felter mangler eller er udfyldt forkert.',
  'Request bodies are limited to {{MAX_FRAME_BYTES}} bytes.':
    'En forespørgsel må højst fylde {{MAX_FRAME_BYTES}} bytes.',
  'Deactivation is not available on this server.': 'Deaktivering er ikke slået til på denne server.',
  'The request could not be verified. Reload the page and try again.':
    'Forespørgslen kunne ikke bekræftes. Genindlæs siden, og prøv igen.',

  // What was not found ("{{what}} was not found."): the subject as a Danish noun in its definite form.
  Citizen: 'Borgeren',
  Credential: 'Browseren',
  Device: 'Skærmen',
  Enrolment: 'Forløbet',
  Facility: 'Bostedet',
  Import: 'Importen',
  Membership: 'Medlemskabet',
  'Missed call': 'Det mistede opkald',
  Municipality: 'Kommunen',
  'Night-watch pool': 'Nattevagten',
  'Alert token': 'Alarmnøglen',
  Permission: 'Tilladelsen',
  'SCIM token': 'SCIM-nøglen',
  Shift: 'Vagten',
  'Single sign-on for this municipality': 'Single sign-on for denne kommune',
  Slot: 'Besøget',
  slot: 'Besøget',
  'Staff member': 'Medarbejderen',
  'The municipality': 'Kommunen',
  'The passkey': 'Adgangsnøglen',
  'This address': 'Denne adresse',
  Unit: 'Enheden',
  unit: 'Enheden',

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

  // Citizens and activation.
  'The code could not be sent. Nothing was sent to the citizen; try again or choose another way.':
    'Koden kunne ikke sendes. Borgeren har ikke fået noget. Prøv igen, eller vælg en anden måde.',
  'This code is used, expired or unknown. Ask support for a new code.':
    'Koden er brugt, udløbet eller ukendt. Bed support om en ny kode.',
  'Only a browser bound with an activation code can receive calls by push.':
    'Kun en browser, der er tilknyttet med en aktiveringskode, kan få opkald som besked.',
  'Push is not configured on this server.': 'Beskeder (push) er ikke sat op på denne server.',

  // Relations and permissions.
  'Citizens are enrolled in a home-care team, a home-guidance unit or a facility.':
    'Borgere tilknyttes en hjemmeplejegruppe, en hjemmevejledning eller et bosted.',
  'Home guidance needs a guide (guideStaffId): only the guide calls the citizen.':
    'Hjemmevejledning kræver en vejleder: kun vejlederen ringer til borgeren.',
  'Only home-guidance enrolments have a guide.': 'Kun forløb i hjemmevejledning har en vejleder.',
  'The guide must be a member of the home-guidance unit.': 'Vejlederen skal være med i hjemmevejledningen.',
  'The citizen is already enrolled in this unit.': 'Borgeren er allerede tilknyttet denne enhed.',
  'This enrolment is already closed.': 'Dette forløb er allerede afsluttet.',
  'This enrolment is closed.': 'Dette forløb er afsluttet.',
  'This staff member is already in the unit.': 'Medarbejderen er allerede med i enheden.',
  'This staff member is disabled.': 'Medarbejderen er deaktiveret.',
  'Only support and members of this unit can see it.': 'Kun support og enhedens medarbejdere kan se den.',
  'Only support or a manager of this unit can do this.': 'Kun support eller enhedens leder kan gøre dette.',
  'Only support or a manager of the citizen\u2019s unit can change this.':
    'Kun support eller lederen af borgerens enhed kan ændre dette.',
  '\u201cDo not disturb until\u201d must be in the future (or null to clear it).':
    '\u201cForstyr ikke indtil\u201d skal ligge i fremtiden.',

  // Day plan and planning.
  'The citizen is not enrolled in this unit.': 'Borgeren er ikke tilknyttet denne enhed.',
  'In home guidance the citizen\u2019s guide is the responsible person.':
    'I hjemmevejledning er borgerens vejleder den ansvarlige.',
  'The responsible person must be a member of the unit.': 'Den ansvarlige skal være med i enheden.',
  'Only support, a manager of the unit or the responsible staff can plan this.':
    'Kun support, enhedens leder eller den ansvarlige medarbejder kan planlægge dette.',
  'Only support, a manager of the unit or the responsible staff can change this.':
    'Kun support, enhedens leder eller den ansvarlige medarbejder kan ændre dette.',
  'Only support, a manager of the unit or the responsible staff can see this.':
    'Kun support, enhedens leder eller den ansvarlige medarbejder kan se dette.',
  'Only support, a manager of the unit or the responsible staff can record this.':
    'Kun support, enhedens leder eller den ansvarlige medarbejder kan registrere dette.',
  'This slot already has an outcome.': 'Besøget er allerede registreret.',
  'This already has an outcome.': 'Dette er allerede registreret.',
  'That time does not exist on that date (the clocks go forward).':
    'Det klokkeslæt findes ikke den dag (uret stilles frem).',
  '{{missing}} {{time}} does not exist (the clocks go forward that night).':
    '{{missing}} kl. {{time}} findes ikke (uret stilles frem den nat).',
  'The last date comes before the first.': 'Den sidste dato ligger før den første.',
  'A series can run for at most {{weeks}} weeks.': 'En serie kan højst vare {{weeks}} uger.',
  'A series can hold at most {{MAX_OCCURRENCES}} visits.':
    'En serie kan højst have {{MAX_OCCURRENCES}} besøg.',
  'The series has no visits between those dates.': 'Serien har ingen besøg mellem de to datoer.',
  'The call for this slot never connected: say how it was done instead (by phone or on site).':
    'Opkaldet til besøget blev aldrig forbundet. Vælg i stedet, hvordan det blev gennemført (telefon eller besøg hjemme).',
  'Ask for at most {{MAX_STATS_DAYS}} days at a time.': 'Vælg højst {{MAX_STATS_DAYS}} dage ad gangen.',
  'Ask for at most {{MAX_DAYS}} days at a time.': 'Vælg højst {{MAX_DAYS}} dage ad gangen.',
  'Ask for at most {{MAX_ROSTER_DAYS}} days at a time.': 'Vælg højst {{MAX_ROSTER_DAYS}} dage ad gangen.',
  '`to` must not be before `from`.': 'Til-datoen må ikke ligge før fra-datoen.',
  '`to` must be after `from`.': 'Til-tidspunktet skal ligge efter fra-tidspunktet.',

  // Night watch.
  'A night-watch pool covers facilities, or citizens directly.':
    'En nattevagt dækker bosteder eller borgere direkte.',
  'A shift must end after it starts.': 'En vagt skal slutte efter, den begynder.',
  'That member already has an overlapping watch.': 'Medarbejderen har allerede en vagt på samme tid.',
  'That staff member is not in this night-watch pool.': 'Medarbejderen er ikke med i denne nattevagt.',
  'That unit is not a night-watch pool.': 'Den enhed er ikke en nattevagt.',
  'Only members of this night-watch pool can do this.': 'Kun nattevagtens medarbejdere kan gøre dette.',
  'Only the pool and the staff of the facilities it covers can see this.':
    'Kun nattevagten og personalet på de bosteder, den dækker, kan se dette.',
  'Only a night-watch console can switch person.': 'Kun en nattevagtskonsol kan skifte person.',
  'You are already the one on this console.': 'Det er allerede dig, der er på denne konsol.',
  'Someone has already called back.': 'Nogen har allerede ringet tilbage.',
  'Calls in this municipality go only through the TURN relay, and no TURN server is configured. Contact support.':
    'Opkald i denne kommune går kun gennem en TURN-server, og der er ingen sat op. Kontakt support.',

  // Devices (the devices helper's screens; their texts are here so every problem reads Danish).
  'A device labelled {{label}} already exists.': 'Der findes allerede en skærm med navnet {{label}}.',
  'A wipe of this device is already pending.': 'Skærmen er allerede ved at blive slettet.',
  'Choose the night-watch pool the button should call.': 'Vælg den nattevagt, knappen skal ringe til.',
  'Device management is not available on this server.': 'Skærmstyring er ikke slået til på denne server.',
  'Only a device in stock can be lent: return or wipe it first.':
    'Kun en skærm på lager kan lånes ud: tag den retur eller slet den først.',
  'This citizen already has a loan device.': 'Borgeren har allerede en låneskærm.',
  'This citizen is disabled.': 'Borgeren er lukket.',
  'This configuration is not valid.': 'Indstillingerne er ikke gyldige.',
  'This device changed meanwhile; try again.': 'Skærmen er ændret imens. Prøv igen.',
  'This device is being wiped or is retired; it cannot be enrolled.':
    'Skærmen bliver slettet eller er udfaset og kan ikke tilmeldes.',
  'This device is being wiped or is retired; it takes no configuration.':
    'Skærmen bliver slettet eller er udfaset og kan ikke få indstillinger.',
  'This device is not lent to anyone.': 'Skærmen er ikke lånt ud.',
  'This device is retired.': 'Skærmen er udfaset.',
  'This device was never enrolled: there is nothing on it to wipe.':
    'Skærmen blev aldrig tilmeldt, så der er intet at slette.',
  'This enrolment code is used, expired or unknown. Ask support for a new code.':
    'Tilmeldingskoden er brugt, udløbet eller ukendt. Bed support om en ny kode.',

  // The broker (a failed push of a command).
  'Could not queue the MQTT message.': 'Beskeden til skærmen kunne ikke sættes i kø.',
  'The MQTT broker is shutting down.': 'Forbindelsen til skærmene lukker ned.',
  'Refused to publish a {{channel}} message larger than {{MAX_FRAME_BYTES}} bytes.':
    'En {{channel}}-besked på over {{MAX_FRAME_BYTES}} bytes blev afvist.',
  'Refused to publish an invalid {{channel}} message.': 'En ugyldig {{channel}}-besked blev afvist.',
  'Refused to publish to an invalid device topic.': 'En besked til en ugyldig skærmadresse blev afvist.',

  // Bulk import: the file, then each row (the job's errors; care/imports/validate.ts).
  'This is not a readable CSV file ({{reason}}).': 'Filen kan ikke læses som CSV ({{reason}}).',
  'The file is empty. The first line must name the columns.':
    'Filen er tom. Første linje skal navngive kolonnerne.',
  'Column "{{column}}" looks like a CPR number, birth date or health information. ScreenVisit stores none of these: remove the column.':
    'Kolonnen "{{column}}" ligner et CPR-nummer, en fødselsdato eller helbredsoplysninger. ScreenVisit gemmer ingen af delene: fjern kolonnen.',
  'Unknown column "{{column}}". Allowed columns: {{columns}}.':
    'Ukendt kolonne "{{column}}". Tilladte kolonner: {{columns}}.',
  'A column is named twice.': 'En kolonne er navngivet to gange.',
  'The column "kind" is required.': 'Kolonnen "kind" skal være med.',
  'The file has a header but no rows.': 'Filen har kolonnenavne, men ingen rækker.',
  'At most {{maxRows}} rows per file; split the file.': 'Højst {{maxRows}} rækker pr. fil: del filen op.',
  'The import stopped before anything was written. Check the file and try again.':
    'Importen stoppede, før noget blev gemt. Tjek filen, og prøv igen.',
  'The unit is missing.': 'Enheden mangler.',
  'There is no unit called "{{unit}}".': 'Der er ingen enhed, der hedder "{{unit}}".',
  'Several units are called "{{unit}}"; rename one first.':
    'Flere enheder hedder "{{unit}}". Omdøb en af dem først.',
  'Only home-guidance units have a guide.': 'Kun hjemmevejledninger har en vejleder.',
  'Home guidance needs the guide\u2019s username.': 'Hjemmevejledning kræver vejlederens brugernavn.',
  'There is no staff member "{{guide}}".': 'Der er ingen medarbejder "{{guide}}".',
  '"{{guide}}" is not a member of "{{unit}}".': '"{{guide}}" er ikke med i "{{unit}}".',
  'The row has more cells than the header has columns.': 'Rækken har flere felter, end der er kolonner.',
  'This looks like a CPR number. ScreenVisit stores none.':
    'Det ligner et CPR-nummer. ScreenVisit gemmer ingen CPR-numre.',
  'kind must be staff, citizen or relation.': 'kind skal være staff, citizen eller relation.',
  'Leave this empty on a {{kind}} row.': 'Lad feltet være tomt i en {{kind}}-række.',
  'Use 2\u201364 letters, digits, dots, dashes, _ or @.':
    'Brug 2–64 bogstaver, tal, punktummer, bindestreger, _ eller @.',
  '"{{username}}" already exists.': '"{{username}}" findes allerede.',
  '"{{username}}" is in the file twice.': '"{{username}}" står i filen to gange.',
  'The name is missing or longer than 100 characters.': 'Navnet mangler eller er længere end 100 tegn.',
  'Roles above support cannot be imported.': 'Roller over support kan ikke importeres.',
  'role must be staff, unit_manager or support.': 'role skal være staff, unit_manager eller support.',
  'Initials are at most 4 characters.': 'Initialer må højst være 4 tegn.',
  'A ref is at most 40 characters.': 'En ref må højst være 40 tegn.',
  'The ref "{{ref}}" is used twice.': 'Ref "{{ref}}" er brugt to gange.',
  'Name the citizen: a ref from this file or a citizen id.':
    'Angiv borgeren: en ref fra denne fil eller et borger-id.',
  '"{{citizen}}" is neither a ref in this file nor a citizen of the municipality.':
    '"{{citizen}}" er hverken en ref i denne fil eller en borger i kommunen.',

  // The care core's own texts that reach the API as they are (care/care-action.ts).
  'a pool cannot fall back to itself': 'En nattevagt kan ikke gå videre til sig selv.',
  'a shift must end after it starts': 'En vagt skal slutte efter, den begynder.',
  '{{date}} {{time}} does not exist in {{zone}}': '{{date}} kl. {{time}} findes ikke i tidszonen {{zone}}.',
  'invalid time windows: {{reason}}': 'Ugyldige tidsrum: {{reason}}',
  'night-watch call {{from}} -> {{to}} is not allowed':
    'Nattevagtsopkaldet kan ikke gå fra {{from}} til {{to}}.',

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

  // Access review, service case, settings, devices, unlock (issues 10, 12, 13).
  'Only a manager of this unit decides its review.':
    'Kun en leder af enheden kan tage stilling i gennemgangen.',
  'No such review line.': 'Linjen findes ikke i gennemgangen.',
  'This line is already decided.': 'Der er allerede taget stilling til linjen.',
  'This review is closed.': 'Gennemgangen er afsluttet.',
  'Review line': 'Linjen i gennemgangen',
  'The PIN is switched off after too many wrong tries. Use the code from your app.':
    'PIN-koden er slået fra efter for mange forkerte forsøg. Brug koden fra din app.',
  'Night-watch caller': 'Den, der ringer til nattevagten,',
  Call: 'Opkaldet',
  'This device is not enrolled (or is wiped), so it cannot receive commands.':
    'Skærmen er ikke tilmeldt (eller er nulstillet), så den kan ikke få kommandoer.',
  'This citizen already has an open service case.': 'Borgeren har allerede et åbent forløb.',
  'Assign the case to a unit you manage.': 'Giv forløbet til en enhed, du er leder af.',
  'A loan kiosk case needs the lent kiosk (deviceId).':
    'Et forløb med låneskærm skal have den udlånte skærm.',
  'Lend this kiosk to the citizen first (support, Skærme).':
    'Lån først skærmen ud til borgeren (Support, Skærme).',
  'An own-device case has no loan kiosk.': 'Et forløb med egen enhed har ingen låneskærm.',
  'Ending a service case is not available on this server.': 'Forløb kan ikke afsluttes på denne server.',
  'The case changed meanwhile; reload it.': 'Forløbet er ændret imens. Hent det igen.',
  'Only an ended case with a loan kiosk has a kiosk to collect.':
    'Kun et afsluttet forløb med låneskærm har en skærm, der skal hentes.',
  'The kiosk is already marked as collected.': 'Skærmen er allerede markeret som hentet.',
  'Service case': 'Forløbet',
  'These are not network addresses: {{bad}}. Write e.g. 10.20.0.0/16 or 192.0.2.7.':
    'Det er ikke netværksadresser: {{bad}}. Skriv for eksempel 10.20.0.0/16 eller 192.0.2.7.',
  'Your own address ({{ip}}) is not in the new list: you would be logged out and could not log in again from here. Add it, or confirm the change.':
    'Din egen adresse ({{ip}}) er ikke på den nye liste: du ville blive logget ud og kunne ikke logge ind igen herfra. Tilføj den, eller bekræft ændringen.',
  'These settings are not valid.': 'Indstillingerne er ikke gyldige.',
  'The console is not locked.': 'Konsollen er ikke låst.',
  'An alert mobile is a Danish mobile number: 8 digits, optionally with +45.':
    'Et mobilnummer til advarsler er et dansk mobilnummer: 8 cifre, evt. med +45 foran.',
  'A fallback phone number has digits and spaces, optionally a leading +.':
    'Et reservenummer består af cifre og mellemrum, eventuelt med + foran.',

  // Staff invitations and alert tokens (a file of their own).
  ...INVITE_AND_ALERT_TEXTS_DA,

  // Field messages of our own zod schemas and actions (a file of their own).
  ...FIELD_TEXTS_DA,
};

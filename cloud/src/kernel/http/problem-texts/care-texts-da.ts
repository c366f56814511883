/** Danish for the care problems: citizens, relations, the day plan and the night watch (care/, calls/). Merged into da.ts. */
export const CARE_TEXTS_DA: Readonly<Record<string, string>> = {
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
  'That time has already passed. Choose a later date or time.':
    'Det tidspunkt er allerede gået. Vælg en senere dato eller et senere klokkeslæt.',
  'The first visit of the series has already passed. Choose a later first date or time.':
    'Seriens første besøg er allerede gået. Vælg en senere første dato eller et senere klokkeslæt.',
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

  // The care core's own texts that reach the API as they are (care/care-action.ts).
  'a pool cannot fall back to itself': 'En nattevagt kan ikke gå videre til sig selv.',
  'a shift must end after it starts': 'En vagt skal slutte efter, den begynder.',
  '{{date}} {{time}} does not exist in {{zone}}': '{{date}} kl. {{time}} findes ikke i tidszonen {{zone}}.',
  'invalid time windows: {{reason}}': 'Ugyldige tidsrum: {{reason}}',
  'night-watch call {{from}} -> {{to}} is not allowed':
    'Nattevagtsopkaldet kan ikke gå fra {{from}} til {{to}}.',
};

/** Danish for the bulk import problems: the file, then each row (care/imports/validate.ts). Merged into da.ts. */
export const IMPORT_TEXTS_DA: Readonly<Record<string, string>> = {
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
};

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Problem } from '../problem.js';
import { PROBLEM_TEXT_PARTS, PROBLEM_TEXTS_DA } from './da.js';
import { problemLanguage, translateProblem } from './index.js';
import { localiseProblem } from './localise.js';

const SRC = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.includes('.test.') ? [path] : [];
  });
}

/**
 * Every literal text the cloud can send as a problem or an import row error: the detail of AppError, the
 * message of a CareError that passes through, an ImportFileError and a row's fail(column, text).
 */
const THROWN = new RegExp(
  [
    String.raw`(?:AppError\.(?:invalidInput|unauthenticated|forbidden|conflict|gone|rateLimited|unavailable)\(`,
    String.raw`|new AppError\(\s*'[a-z_]+',`,
    String.raw`|CareError\.invalidInput\(`,
    String.raw`|new CareError\(\s*'(?:invalid_input|invalid_transition|not_connected)',`,
    String.raw`|new ImportFileError\(`,
    String.raw`|fail\(\s*(?:'[^']*'|\w+),)`,
    String.raw`\s*(['"\x60])((?:\\.|(?!\1)[\s\S])*?)\1`,
  ].join(''),
  'g',
);
const NOT_FOUND = /AppError\.notFound\(\s*'([^']*)'/g;
/** Sentences kept in constants or tables in a file that throws AppError (WRONG_CODE, DENIAL_TEXT …). */
const CONSTANT =
  /(?:const [A-Z_]+(?::\s*string)?\s*=|^\s+(?!description|summary)[a-z_]+:|failed\('[a-z]+',)\s*'([A-Z][^']*\s[^']*[.!?])'/gm;
const shape = (text: string) =>
  text
    .replace(/\$\{[^}]*\}|\{\{\w+\}\}/g, '{}')
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

describe('problem texts in Danish', () => {
  it('has Danish for every problem and import text written in cloud/src', () => {
    const known = new Set(Object.keys(PROBLEM_TEXTS_DA).map(shape));
    const missing = new Set<string>();
    let seen = 0;
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(THROWN)) {
        seen += 1;
        if (!known.has(shape(m[2]!))) missing.add(`${m[2]}  (${file.slice(SRC.length)})`);
      }
      for (const m of text.matchAll(NOT_FOUND)) if (!known.has(m[1]!)) missing.add(`notFound ${m[1]}`);
      if (text.includes('AppError'))
        for (const m of text.matchAll(CONSTANT))
          if (!known.has(shape(m[1]!))) missing.add(`${m[1]}  (${file.slice(SRC.length)})`);
    }
    // The scan itself must find the texts, or an empty "missing" would prove nothing.
    expect(seen).toBeGreaterThan(100);
    expect([...missing]).toEqual([]);
  });

  it('translates whole sentences, and sentences with values, putting Danish subjects into them', () => {
    expect(translateProblem('The unit is missing.', 'da')).toBe('Enheden mangler.');
    expect(translateProblem('Citizen was not found.', 'da')).toBe('Borgeren blev ikke fundet.');
    expect(translateProblem('There is no unit called "Team Syd".', 'da')).toBe(
      'Der er ingen enhed, der hedder "Team Syd".',
    );
    expect(translateProblem('Leave this empty on a staff row.', 'da')).toBe(
      'Lad feltet være tomt i en staff-række.',
    );
    expect(translateProblem('The code is not right. Try the newest code.', 'en')).toBe(
      'The code is not right. Try the newest code.',
    );
    expect(translateProblem('Something nobody wrote down.', 'da')).toBe('Something nobody wrote down.');
  });

  it('takes the reader’s language from Accept-Language by weight, English when it names neither', () => {
    expect(problemLanguage('da')).toBe('da');
    expect(problemLanguage('da-DK,da;q=0.9,en;q=0.8')).toBe('da');
    expect(problemLanguage('en-GB,da;q=0.5')).toBe('en');
    expect(problemLanguage('de, da;q=0.4')).toBe('da');
    expect(problemLanguage('da;q=0, en')).toBe('en');
    expect(problemLanguage(undefined)).toBe('en');
    expect(problemLanguage('fr')).toBe('en');
  });

  it('says zod’s own field messages in Danish and keeps our own ones translated', () => {
    const result = z
      .object({ id: z.uuid(), time: z.string().regex(/^\d\d:\d\d$/, 'The unit is missing.') })
      .safeParse({
        id: 'nope',
        time: 'x',
      });
    if (result.success) throw new Error('the input should be invalid');
    const fields = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
      issue,
    }));
    const problem = localiseProblem<Problem>(
      {
        type: '/problems/invalid_input',
        title: 'Invalid input',
        status: 400,
        detail: 'Some fields are missing or invalid.',
      },
      fields,
      'da',
    );
    expect(problem).toMatchObject({
      title: 'Ugyldige oplysninger',
      detail: 'Nogle felter mangler eller er udfyldt forkert.',
      language: 'da',
    });
    expect(problem.errors?.[0]?.message).not.toBe(fields[0]!.message);
    expect(problem.errors?.[0]?.message).toMatch(/UUID/);
    expect(problem.errors?.[1]?.message).toBe('Enheden mangler.');
  });
});

describe('the Danish catalogue, by feature', () => {
  it('defines each English text in one part only, so merging the parts hides none', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [part, texts] of Object.entries(PROBLEM_TEXT_PARTS)) {
      for (const key of Object.keys(texts)) {
        const first = seen.get(key);
        if (first) twice.push(`${JSON.stringify(key)} in ${first} and ${part}`);
        else seen.set(key, part);
      }
    }
    expect(twice).toEqual([]);
    expect(Object.keys(PROBLEM_TEXTS_DA)).toHaveLength(seen.size);
  });
});

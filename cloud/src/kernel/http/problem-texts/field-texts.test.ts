import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Problem } from '../problem.js';
import { FIELD_TEXTS_DA } from './field-texts-da.js';
import { translateProblem } from './index.js';
import { localiseProblem } from './localise.js';

const SRC = fileURLToPath(new URL('../../../', import.meta.url));
/**
 * Not field messages: the operator's start-up configuration and the bootstrap command's flags (printed in English
 * for the operator, as the runbook is), WebSocket
 * error frames (the browser shows its own text for their `code`), the night-watch roster's row reports (a
 * file's rows, not request fields; left to the roster's owner), frames between cloud nodes over Redis (logged
 * and dropped, never shown to a person) and the catalogues themselves.
 */
const NOT_SENT = [
  /^kernel\/config\.ts$/,
  /^node\/bootstrap(-account|-reset)?\.ts$/,
  /^kernel\/ice-uri\.ts$/,
  /^kernel\/http\/problem-texts\//,
  /^realtime\//,
  /^care\/night-watch\/roster-/,
  /^calls\/cluster\.ts$/,
  /^cluster\//,
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.includes('.test.') ? [path] : [];
  });
}

/** `.regex(re, 'text')`, `.refine(fn, 'text')`, `.min(n, 'text')` … on one line. */
const CHECK_MESSAGE = /\.(?:regex|refine|min|max|length|nonempty)\(.*,\s*'([^']+)'\s*\)/g;
/** `{ message: 'text' }` in a refine's options or a `{ path, message }` field problem (not a wire error frame). */
const MESSAGE_MEMBER = /\bmessage:\s*'([^']+)'/g;

describe('field messages in Danish', () => {
  it('has Danish for every custom zod message and field problem written in cloud/src', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(SRC)) {
      const relative = file.slice(SRC.length);
      if (NOT_SENT.some((re) => re.test(relative))) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (/type: 'error'/.test(line)) continue;
        for (const m of [...line.matchAll(CHECK_MESSAGE), ...line.matchAll(MESSAGE_MEMBER)]) {
          seen += 1;
          if (translateProblem(m[1]!, 'da') === m[1]) missing.push(`${m[1]}  (${relative})`);
        }
      }
    }
    // The scan must find the messages, or an empty list would prove nothing.
    expect(seen).toBeGreaterThan(25);
    expect(missing).toEqual([]);
  });

  it('answers a Danish reader with none of our English field messages', () => {
    const result = z
      .object({
        initials: z.string().regex(/^[\p{L}.]{1,4}$/u, 'one to four letters'),
        at: z.string().regex(/^\d\d:\d\d$/, 'use HH:mm, e.g. 09:30'),
      })
      .safeParse({ initials: 'ABCDEFG', at: 'noon' });
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
      [...fields, { path: 'current', message: 'wrong password' }],
      'da-DK,da;q=0.9',
    );
    const body = JSON.stringify(problem);
    expect(Object.keys(FIELD_TEXTS_DA).filter((english) => body.includes(english))).toEqual([]);
    expect(problem.errors?.map((e) => e.message)).toEqual([
      'et til fire bogstaver',
      'skriv tidspunktet som TT:MM, f.eks. 09:30',
      'forkert adgangskode',
    ]);
  });
});

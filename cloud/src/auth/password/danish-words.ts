import { readFileSync } from 'node:fs';

const WORDS_FILE = new URL('./danish-words.txt', import.meta.url);

/** The Danish list (danish-words.txt), lower case, comments and blank lines dropped. */
export function loadDanishWords(file: URL = WORDS_FILE): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().normalize('NFC').toLowerCase())
    .filter((line) => line.length > 0);
}

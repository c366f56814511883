import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, defineEnv, envBool, envPort, envTableMarkdown, parseEnv } from './env.js';

const table = defineEnv({
  PORT: { schema: envPort, default: '8080', doc: 'HTTP port.' },
  SECRET: { schema: z.string().min(16), doc: 'A secret.' },
  FLAG: { schema: envBool, default: 'false', doc: 'A flag.' },
});

describe('environment tables', () => {
  it('applies defaults and decodes values', () => {
    expect(parseEnv('p', table, { SECRET: 'x'.repeat(16), FLAG: '1' })).toEqual({
      PORT: 8080,
      SECRET: 'x'.repeat(16),
      FLAG: true,
    });
  });

  it('lists every problem at once and never echoes a value', () => {
    let error: unknown;
    try {
      parseEnv('p', table, { PORT: 'eighty', SECRET: 'hunter2', FLAG: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const config = error as ConfigError;
    expect(config.problems).toHaveLength(3);
    expect(config.message).toMatch(/PORT is invalid/);
    expect(config.message).toMatch(/SECRET is invalid/);
    expect(config.message).not.toMatch(/hunter2|eighty/);
    expect(config.message).not.toMatch(/\n/);
  });

  it('says a required variable is required', () => {
    expect(() => parseEnv('p', table, {})).toThrow(/SECRET is required: A secret\./);
  });

  it('renders a markdown table with name, default and meaning', () => {
    expect(envTableMarkdown(table)).toContain('| `PORT` | `8080` | HTTP port. |');
  });
});

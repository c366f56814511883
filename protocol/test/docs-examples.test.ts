import { readFileSync } from 'node:fs';
import * as protocol from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * Keeps docs/protocol.md honest: every ```json schema=Name block must parse with that export of the protocol
 * package, every wire message must have an example, and each example must fail once broken (so an example
 * cannot pass by matching a schema that accepts anything).
 */
const docPath = new URL('../../docs/protocol.md', import.meta.url);
const doc = readFileSync(docPath, 'utf8');

interface Example {
  readonly schemaName: string;
  readonly text: string;
  readonly line: number;
}

function extractExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const match of markdown.matchAll(/^```json schema=(\S+)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    examples.push({ schemaName: match[1]!, text: match[2]!, line });
  }
  return examples;
}

const exportsByName = protocol as unknown as Record<string, unknown>;

function schemaNamed(name: string): z.ZodType | undefined {
  const value = exportsByName[name];
  return value instanceof z.ZodType ? value : undefined;
}

function exportNameOf(schema: unknown): string {
  const entry = Object.entries(exportsByName).find(([, value]) => value === schema);
  if (!entry) throw new Error('a union member is not exported by @screenvisit/protocol under its own name');
  return entry[0];
}

/** Every payload that crosses a wire on its own or as a documented part of one. */
const documentedSchemas = [
  ...new Set<unknown>([
    ...protocol.ClientMessage.options,
    ...protocol.ServerMessage.options,
    ...protocol.DeviceCommand.options,
    protocol.DeviceState,
    protocol.Heartbeat,
    protocol.CommandAck,
    protocol.DeviceConfig,
    protocol.EnrolRequest,
    protocol.EnrolResponse,
  ]),
].map(exportNameOf);

const examples = extractExamples(doc);
const label = (e: Example) => `${e.schemaName} example at docs/protocol.md:${e.line}`;

function parse(example: Example): Record<string, unknown> {
  const value: unknown = JSON.parse(example.text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${label(example)} is not a JSON object`);
  return value as Record<string, unknown>;
}

function requiredKeys(schema: z.ZodType, value: Record<string, unknown>): string[] {
  if (!(schema instanceof z.ZodObject)) return [];
  const shape = schema.shape as Record<string, z.ZodType>;
  return Object.keys(value).filter((key) => shape[key] && !shape[key].safeParse(undefined).success);
}

describe('docs/protocol.md examples', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it('names only schemas the protocol package exports', () => {
    const unknown = examples.filter((e) => schemaNamed(e.schemaName) === undefined).map(label);
    expect(unknown).toEqual([]);
  });

  it('has an example for every signalling message, MQTT payload and enrolment body', () => {
    const documented = new Set(examples.map((e) => e.schemaName));
    expect(documentedSchemas.filter((name) => !documented.has(name))).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(documentedSchemas.length);
  });

  it('accepts every example with the schema it names, through decode() as a receiver would', () => {
    const rejected = examples.flatMap((example) => {
      const schema = schemaNamed(example.schemaName);
      const result = schema ? protocol.decode(schema, example.text) : { ok: true as const };
      return result.ok ? [] : [`${label(example)}: ${result.reason}`];
    });
    expect(rejected).toEqual([]);
  });

  it('uses version 4 UUIDs for every id in the examples', () => {
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
    for (const example of examples) {
      for (const match of example.text.matchAll(uuid)) expect(match[1], label(example)).toBe('4');
    }
  });

  it('rejects every example once v is changed to 2', () => {
    for (const example of examples) {
      const schema = schemaNamed(example.schemaName);
      const value = parse(example);
      if (!schema || !('v' in value)) continue;
      expect(schema.safeParse({ ...value, v: 2 }).success, label(example)).toBe(false);
    }
  });

  it('rejects every example with a required field removed', () => {
    for (const example of examples) {
      const schema = schemaNamed(example.schemaName);
      if (!schema) continue;
      const value = parse(example);
      const required = requiredKeys(schema, value);
      expect(required.length, `${label(example)} has no required field to remove`).toBeGreaterThan(0);
      for (const key of required) {
        const { [key]: _removed, ...rest } = value;
        expect(schema.safeParse(rest).success, `${label(example)} without ${key}`).toBe(false);
      }
    }
  });

  it('rejects every example with an extra field', () => {
    for (const example of examples) {
      const schema = schemaNamed(example.schemaName);
      if (!schema) continue;
      expect(schema.safeParse({ ...parse(example), cpr: '010190-1234' }).success, label(example)).toBe(false);
    }
  });

  it('gives every versioned example v: 1', () => {
    for (const example of examples) {
      const schema = schemaNamed(example.schemaName);
      if (!(schema instanceof z.ZodObject) || !('v' in schema.shape)) continue;
      expect(parse(example).v, label(example)).toBe(protocol.SIGNALLING_VERSION);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { monitorArgs } from './redis-order.js';

describe('reading a MONITOR line', () => {
  it('unescapes quotes, backslashes and control characters, and reads \\xHH bytes as UTF-8', () => {
    const line = String.raw`1733461627.210000 [11 127.0.0.1:4242] "hset" "p:callsnap:node-b" "c1" "{\"place\":\"Pl\xc3\xa6jehjem\",\"a\":\"x\\y\n\"}"`;
    expect(monitorArgs(line)).toEqual([
      'hset',
      'p:callsnap:node-b',
      'c1',
      '{"place":"Plæjehjem","a":"x\\y\n"}',
    ]);
  });

  it('reads an empty argument and a line without arguments', () => {
    expect(monitorArgs('1.0 [0 127.0.0.1:1] "set" "" "v"')).toEqual(['set', '', 'v']);
    expect(monitorArgs('1.0 [0 127.0.0.1:1]')).toEqual([]);
  });
});

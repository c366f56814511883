import { DeviceStateName } from '@screenvisit/protocol';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createStateMachine, type DeviceEvent, TRANSITIONS } from './state-machine.js';

/** Written out by hand (not derived from TRANSITIONS), so a changed table fails here. */
const ALLOWED: [DeviceStateName, DeviceEvent, DeviceStateName][] = [
  ['unenrolled', 'enrolled', 'asleep'],
  ['asleep', 'wake', 'idle'],
  ['asleep', 'incoming', 'ringing'],
  ['asleep', 'place', 'connecting'],
  ['asleep', 'wipe', 'wiping'],
  ['idle', 'sleep', 'asleep'],
  ['idle', 'incoming', 'ringing'],
  ['idle', 'place', 'connecting'],
  ['idle', 'wipe', 'wiping'],
  ['ringing', 'answer', 'connecting'],
  ['ringing', 'hangup', 'ending'],
  ['ringing', 'remote_end', 'ending'],
  ['ringing', 'wipe', 'wiping'],
  ['connecting', 'media_up', 'in_call'],
  ['connecting', 'hangup', 'ending'],
  ['connecting', 'remote_end', 'ending'],
  ['connecting', 'wipe', 'wiping'],
  ['in_call', 'hangup', 'ending'],
  ['in_call', 'remote_end', 'ending'],
  ['in_call', 'wipe', 'wiping'],
  ['ending', 'ended', 'idle'],
  ['ending', 'wipe', 'wiping'],
  ['wiping', 'wiped', 'unenrolled'],
];

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

function machineIn(initial: DeviceStateName) {
  const { log, lines } = recordingLogger();
  const changes: string[] = [];
  const machine = createStateMachine({
    initial,
    log,
    onChange: (to, from, event) => changes.push(`${from} -${event}-> ${to}`),
  });
  return { machine, lines, changes };
}

describe('the kiosk state machine', () => {
  it.each(ALLOWED)('goes from %s on %s to %s, logging and announcing the change', (from, event, to) => {
    const { machine, lines, changes } = machineIn(from);
    expect(machine.transition(event)).toBe(true);
    expect(machine.state).toBe(to);
    expect(changes).toEqual([`${from} -${event}-> ${to}`]);
    expect(lines.at(-1)).toMatchObject({ msg: `${from} -> ${to}`, from, to, event });
  });

  it('allows exactly the listed steps and no others', () => {
    const table = Object.entries(TRANSITIONS).flatMap(([from, steps]) =>
      Object.entries(steps).map(([event, to]) => [from, event, to]),
    );
    expect(table).toHaveLength(ALLOWED.length);
    expect(new Set(table.map((t) => t.join(' ')))).toEqual(new Set(ALLOWED.map((t) => t.join(' '))));
  });

  it('covers every state of the protocol', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...DeviceStateName.options].sort());
  });

  it.each<[DeviceStateName, DeviceEvent]>([
    ['unenrolled', 'incoming'],
    ['unenrolled', 'wipe'],
    ['asleep', 'answer'],
    ['idle', 'media_up'],
    ['ringing', 'incoming'],
    ['ringing', 'media_up'],
    ['connecting', 'answer'],
    ['in_call', 'incoming'],
    ['in_call', 'ended'],
    ['ending', 'answer'],
    ['ending', 'remote_end'],
    ['wiping', 'enrolled'],
    ['wiping', 'incoming'],
  ])('refuses %s on %s, stays put and logs the refusal', (from, event) => {
    const { machine, lines, changes } = machineIn(from);
    expect(machine.can(event)).toBe(false);
    expect(machine.transition(event)).toBe(false);
    expect(machine.state).toBe(from);
    expect(changes).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ level: 40, state: from, event });
  });

  it('walks a whole call: wake, ring, answer, media, hang up, rest', () => {
    const { machine } = machineIn('asleep');
    const events: DeviceEvent[] = ['wake', 'incoming', 'answer', 'media_up', 'hangup', 'ended', 'sleep'];
    expect(events.map((e) => machine.transition(e))).toEqual(events.map(() => true));
    expect(machine.state).toBe('asleep');
  });
});

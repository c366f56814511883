/**
 * What the uptime section says when it has no week to show. Kiosks lent in the reader's units but no sample yet
 * is not "no lent screens": the uptime job samples each lent, enrolled kiosk every quarter of an hour from its
 * loan on, so right after a loan (or a fresh start) the history is simply empty, beside a card that counts it.
 */
export function uptimeEmptyKey(devices: { lent: number }): 'uptime.none' | 'uptime.notYet' {
  return devices.lent > 0 ? 'uptime.notYet' : 'uptime.none';
}

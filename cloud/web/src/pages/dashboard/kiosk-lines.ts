/**
 * What the dashboard says about lent kiosks when there is nothing to count. Kiosks lent in the reader's units but
 * no sample yet is not "no lent screens": the uptime job samples each lent, enrolled kiosk every quarter of an hour
 * from its loan on, so right after a loan (or a fresh start) the history is simply empty, beside a card that
 * counts the kiosk. And a reader whose units lend no kiosk (a home-care team whose citizens use their own phones)
 * is told so, not "0 of 0" online.
 */
export function uptimeEmptyKey(devices: { lent: number }): 'uptime.none' | 'uptime.notYet' {
  return devices.lent > 0 ? 'uptime.notYet' : 'uptime.none';
}

export function devicesCardKey(devices: { lent: number }): 'cards.devices' | 'cards.noDevices' {
  return devices.lent > 0 ? 'cards.devices' : 'cards.noDevices';
}

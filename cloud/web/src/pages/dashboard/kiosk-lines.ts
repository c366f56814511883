/**
 * What the dashboard says about lent kiosks when there is nothing to count. Kiosks lent in the reader's units but
 * no sample yet is not "no lent screens": the uptime job samples each lent, enrolled kiosk every quarter of an hour
 * from its loan on, so right after a loan (or a fresh start) the history is simply empty, beside a card that
 * counts the kiosk. And a reader whose units lend no kiosk (a home-care team whose citizens use their own phones)
 * is told so, not "0 of 0" online.
 */
export function uptimeEmptyKey(devices: Loans): 'uptime.none' | 'uptime.notYet' {
  return devices.lent + devices.notEnrolled > 0 ? 'uptime.notYet' : 'uptime.none';
}

/**
 * The card's lines about lent kiosks. "Udlånt" is the cloud's one definition (db/repos/kiosk-loans.ts): lent and
 * enrolled, the kiosks the uptime history samples. A kiosk lent before it ever enrolled cannot be online, so it
 * is its own line ("1 udlånt skærm er ikke tilmeldt endnu"), not a "0 af 1" that reads as a kiosk gone offline;
 * and units with only such kiosks are not told they lend none.
 */
export function devicesCardLines(
  devices: Loans,
): ('cards.devices' | 'cards.noDevices' | 'cards.notEnrolled')[] {
  if (devices.lent === 0 && devices.notEnrolled === 0) return ['cards.noDevices'];
  return [
    ...(devices.lent > 0 ? (['cards.devices'] as const) : []),
    ...(devices.notEnrolled > 0 ? (['cards.notEnrolled'] as const) : []),
  ];
}

interface Loans {
  lent: number;
  notEnrolled: number;
}

import { describe, expect, it } from 'vitest';
import { KIOSK_MESSAGES, type KioskMessageCode, type KioskScreenModel } from '../kiosk-screen.js';
import { formatElapsed, screenView } from './screen-view.js';

const NOW = Date.parse('2026-12-02T13:05:00Z');
const base: KioskScreenModel = {
  mode: 'idle',
  online: true,
  callerName: null,
  autoAnswerInSeconds: null,
  message: null,
  callStartedAt: null,
  fallbackPhone: null,
  nextAllowedAt: null,
  supportCode: null,
  notice: null,
  missedCall: null,
  now: new Date(NOW).toISOString(),
};
const message = (code: KioskMessageCode) => ({
  code,
  text: KIOSK_MESSAGES[code].da,
  en: KIOSK_MESSAGES[code].en,
});
const view = (m: Partial<KioskScreenModel>) =>
  screenView({ ...base, ...m }, { now: NOW, timeZone: 'Europe/Copenhagen' });

describe('the kiosk screen view', () => {
  it('keeps a missing camera in view at rest and while ringing, in Danish, beside the clock', () => {
    const notice = message('camera_missing');
    expect(view({ notice })).toMatchObject({
      title: '14.05',
      subtitle: 'Kameraet virker ikke. Du kan stadig høre og tale. Ring til support.',
    });
    expect(view({ mode: 'ringing', callerName: 'Mette', notice })).toMatchObject({
      title: 'Mette ringer',
      subtitle: 'Kameraet virker ikke. Du kan stadig høre og tale. Ring til support.',
    });
    expect(view({ mode: 'asleep', notice }).page).toBe('dark');
  });

  it('shows the Danish clock and date at rest, and whether the kiosk is online', () => {
    expect(view({})).toMatchObject({
      page: 'text',
      title: '14.05',
      detail: 'onsdag 2. december',
      status: 'Forbundet',
    });
    expect(view({ online: false }).status).toBe('Ikke forbundet – prøver igen');
  });

  it("is dark while asleep and shows the caller's name, the green-button hint and the countdown while ringing", () => {
    expect(view({ mode: 'asleep' }).page).toBe('dark');
    expect(view({ mode: 'ringing', callerName: 'Mette', autoAnswerInSeconds: 1 })).toMatchObject({
      tone: 'ring',
      title: 'Mette ringer',
      hint: 'Tryk på den grønne knap',
      detail: 'Svarer selv om 1 sekund',
    });
  });

  it('fills the screen with the call, the elapsed time and a "Læg på" target', () => {
    expect(view({ mode: 'in_call', callerName: 'Mette', callStartedAt: NOW - 125_000 })).toMatchObject({
      page: 'call',
      elapsed: '02:05',
      action: 'Læg på',
    });
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
  });

  it('shows the fallback number in large text when the night watch cannot be reached', () => {
    expect(view({ message: message('night_watch_unreachable'), fallbackPhone: '70 10 20 30' })).toMatchObject(
      {
        tone: 'alert',
        title: 'Vi kunne ikke få fat i nattevagten',
        subtitle: 'Ring i stedet til',
        detail: '70 10 20 30',
      },
    );
  });

  it('says calmly that the connection was lost, and that she can call the night watch again', () => {
    expect(view({ message: message('night_watch_call_lost') })).toMatchObject({
      tone: 'calm',
      title: 'Forbindelsen blev afbrudt',
      subtitle: 'Du kan ringe igen.',
      detail: '14.05',
    });
    // A nurse's call: she cannot ring the nurse from the kiosk, so it only says the call is over.
    expect(view({ message: message('call_lost') })).toMatchObject({
      tone: 'calm',
      title: 'Forbindelsen blev afbrudt',
      subtitle: 'Opkaldet er slut.',
    });
  });

  it('says she cannot call the night watch now and when she can, when refused outside her hours', () => {
    // 14.05 in Copenhagen; her night-watch hours start at 22.00.
    const refused = {
      message: message('night_watch_unreachable'),
      nextAllowedAt: Date.parse('2026-12-02T21:00:00Z'),
    };
    expect(view({ ...refused, fallbackPhone: '70 10 20 30' })).toMatchObject({
      tone: 'alert',
      title: 'Du kan ikke ringe til nattevagten nu',
      subtitle: 'Ring i stedet til',
      detail: '70 10 20 30',
      hint: 'Du kan ringe igen i dag kl. 22.00.',
    });
    // No number anywhere: not "Prøv igen" (the button cannot reach the watch before 22.00), but her alarm.
    expect(view(refused)).toMatchObject({
      title: 'Du kan ikke ringe til nattevagten nu',
      subtitle: 'Brug din alarm, hvis du har brug for hjælp.',
      detail: null,
      hint: 'Du kan ringe igen i dag kl. 22.00.',
    });
    // Once the time has come, the window is not named any more; the screen reads as any "not reached".
    expect(
      screenView(
        { ...base, ...refused, fallbackPhone: '70 10 20 30' },
        { now: Date.parse('2026-12-02T21:01:00Z'), timeZone: 'Europe/Copenhagen' },
      ),
    ).toMatchObject({ title: 'Vi kunne ikke få fat i nattevagten', hint: null });
  });

  it('says what to tell support when set-up failed or the credential was revoked', () => {
    expect(
      view({
        mode: 'unenrolled',
        message: message('credential_revoked'),
        supportCode: 'KOBLET-FRA · skærm x',
      }),
    ).toMatchObject({ title: 'Skærmen er koblet fra. Ring til support.', detail: 'KOBLET-FRA · skærm x' });
  });

  it('names a call she missed under the clock at rest, in Copenhagen time, and keeps it dark while asleep', () => {
    const missedCall = { from: 'Jonas Nielsen', at: NOW - 20 * 60_000 };
    expect(view({ missedCall })).toMatchObject({
      title: '14.05',
      detail: 'onsdag 2. december',
      hint: 'Jonas Nielsen ringede kl. 13.45',
    });
    expect(view({ mode: 'asleep', missedCall }).page).toBe('dark');
    expect(view({}).hint).toBeNull();
  });
});

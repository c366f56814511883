import { describe, expect, it } from 'vitest';
import { deskStart, deskStep, keepsDevices, kioskPageHidden } from './support-nav.js';

const aase = { id: '6b0f7c1e-1c7d-4c53-9d1e-5f1f3a0d9e11', name: 'Aase Pedersen' };

describe('moving about the support desk', () => {
  it('opens the borrower’s card under Borgere from a kiosk page and keeps that kiosk page for the way back', () => {
    const onKiosk = deskStep(deskStart('citizens'), { kind: 'menu', tab: 'devices' });
    const onCard = deskStep(onKiosk, { kind: 'open-citizen', citizen: aase, kioskLabel: 'Skærm 1' });
    expect(onCard).toMatchObject({ tab: 'citizens', citizen: aase, kiosk: { label: 'Skærm 1' } });
    expect(keepsDevices(onCard)).toBe(true);

    const back = deskStep(onCard, { kind: 'back' });
    expect(back).toMatchObject({ tab: 'devices', citizen: null, kiosk: null });
    // The kiosk page re-reads the borrower's policy on a return: the count moved.
    expect(back.returns).toBeGreaterThan(onCard.returns);
  });

  it('lets the kiosk page go when support picks another section in the menu', () => {
    const onCard = deskStep(deskStart('devices'), {
      kind: 'open-citizen',
      citizen: aase,
      kioskLabel: 'Skærm 1',
    });
    const elsewhere = deskStep(onCard, { kind: 'menu', tab: 'staff' });
    expect(elsewhere).toMatchObject({ tab: 'staff', citizen: null, kiosk: null });
    expect(keepsDevices(elsewhere)).toBe(false);
    expect(deskStep(elsewhere, { kind: 'back' })).toBe(elsewhere);
  });

  it('returns to the kept kiosk page when support presses Skærme in the menu instead of “back”', () => {
    const onCard = deskStep(deskStart('devices'), {
      kind: 'open-citizen',
      citizen: aase,
      kioskLabel: 'Skærm 1',
    });
    const viaMenu = deskStep(onCard, { kind: 'menu', tab: 'devices' });
    expect(viaMenu).toMatchObject({ tab: 'devices', kiosk: null });
    expect(keepsDevices(viaMenu)).toBe(true);
    expect(viaMenu.returns).toBeGreaterThan(onCard.returns);
  });

  it('leaves the open card as it is when its own section is pressed again', () => {
    const onCard = deskStep(deskStart('devices'), {
      kind: 'open-citizen',
      citizen: aase,
      kioskLabel: 'Skærm 1',
    });
    expect(deskStep(onCard, { kind: 'menu', tab: 'citizens' })).toBe(onCard);
  });

  it('counts the kiosk page as hidden only while a citizen’s card opened from it is shown', () => {
    const onKiosk = deskStep(deskStart('citizens'), { kind: 'menu', tab: 'devices' });
    expect(kioskPageHidden(onKiosk)).toBe(false);
    const onCard = deskStep(onKiosk, { kind: 'open-citizen', citizen: aase, kioskLabel: 'Skærm 1' });
    expect(kioskPageHidden(onCard)).toBe(true);
    expect(kioskPageHidden(deskStep(onCard, { kind: 'back' }))).toBe(false);
    // Another section: the kiosk page is gone, not hidden.
    expect(kioskPageHidden(deskStep(onCard, { kind: 'menu', tab: 'staff' }))).toBe(false);
    expect(kioskPageHidden(deskStart('citizens'))).toBe(false);
  });

  it('opens a staff member’s card under Medarbejdere from an alert, and lets it go on another section', () => {
    const anna = { id: '0d9e0f1c-2a3b-4c5d-8e9f-0a1b2c3d4e5f', name: 'Anna Jensen' };
    const onAlerts = deskStep(deskStart('citizens'), { kind: 'menu', tab: 'alerts' });
    const onCard = deskStep(onAlerts, { kind: 'open-staff', staff: anna });
    expect(onCard).toMatchObject({ tab: 'staff', staff: anna, citizen: null, kiosk: null });
    // Medarbejdere pressed again keeps the card; another section lets it go.
    expect(deskStep(onCard, { kind: 'menu', tab: 'staff' })).toBe(onCard);
    expect(deskStep(onCard, { kind: 'menu', tab: 'alerts' })).toMatchObject({ tab: 'alerts', staff: null });
  });

  it('opens a kiosk’s page under Skærme from its alert, and keeps it across its borrower’s card and back', () => {
    const onKiosk = deskStep(deskStart('alerts'), { kind: 'open-kiosk', deviceId: 'dev-7' });
    expect(onKiosk).toMatchObject({ tab: 'devices', device: { id: 'dev-7' }, citizen: null });
    expect(keepsDevices(onKiosk)).toBe(true);
    const onCard = deskStep(onKiosk, { kind: 'open-citizen', citizen: aase, kioskLabel: 'KBH-0007' });
    expect(onCard.device).toEqual({ id: 'dev-7' });
    expect(deskStep(onCard, { kind: 'back' })).toMatchObject({ tab: 'devices', device: { id: 'dev-7' } });
    // Elsewhere in the menu, the alert's kiosk is let go: Skærme then opens on the list.
    expect(deskStep(onKiosk, { kind: 'menu', tab: 'alerts' }).device).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { sayText } from '../../shared/said.js';
import { kioskLine, kiosksLentTo } from './closing-kiosks.js';
import { supportStrings } from './strings.js';

const da = createI18n(supportStrings, 'da');
const en = createI18n(supportStrings, 'en');
const inDanish = (line: ReturnType<typeof kioskLine>) => (line ? sayText(line, da.t, 'da', '') : '');
const inEnglish = (line: ReturnType<typeof kioskLine>) => (line ? sayText(line, en.t, 'en', '') : '');

const OLE = 'c0ffee00-0000-4000-8000-000000000001';
const kiosk = (label: string, lifecycle: string, citizenId: string | null = OLE) => ({
  label,
  lifecycle,
  lent: citizenId !== null,
  citizenId,
});

describe('closing a citizen who borrows a kiosk says what happens to it', () => {
  it('says an enrolled kiosk is wiped remotely, before and after', () => {
    const kiosks = kiosksLentTo([kiosk('KBH-0001', 'lent'), kiosk('KBH-0002', 'enrolled', null)], OLE);
    expect(inDanish(kioskLine(kiosks, 'Ole Låner'))).toBe(
      'Skærmen KBH-0001, som Ole Låner låner, skal hentes. Lukker du Ole Låner, slutter lånet, og skærmen slettes på afstand, så intet om borgeren er tilbage på den. Den står under Skærme og Advarsler, til den er meldt hentet.',
    );
    expect(inDanish(kioskLine(kiosks, 'Ole Låner', 'after'))).toBe(
      'Hent skærmen KBH-0001 hos Ole Låner: lånet er slut, og skærmen slettes på afstand.',
    );
  });

  it('says a kiosk that was never enrolled is only returned, with nothing on it to wipe', () => {
    const kiosks = kiosksLentTo([kiosk('KBH-0777', 'registered')], OLE);
    const before = inDanish(kioskLine(kiosks, 'Ole Låner'));
    expect(before).toBe(
      'Skærmen KBH-0777, som Ole Låner låner, skal hentes. Lukker du Ole Låner, slutter lånet. Skærmen er ikke tilmeldt, så der er intet på den at slette. Den står under Skærme og Advarsler, til den er meldt hentet.',
    );
    const after = inDanish(kioskLine(kiosks, 'Ole Låner', 'after'));
    expect(after).toBe(
      'Hent skærmen KBH-0777 hos Ole Låner: lånet er slut. Skærmen er ikke tilmeldt, så der er intet på den at slette.',
    );
    expect(`${before} ${after}`).not.toContain('slettes på afstand');
    expect(inEnglish(kioskLine(kiosks, 'Ole Låner', 'after'))).toBe(
      'Fetch kiosk KBH-0777 from Ole Låner: the loan has ended. The kiosk is not enrolled, so there is nothing on it to wipe.',
    );
  });

  it('tells an enrolled and a never-enrolled kiosk of the same citizen apart, and says nothing for none', () => {
    const kiosks = kiosksLentTo([kiosk('KBH-0001', 'lent'), kiosk('KBH-0777', 'registered')], OLE);
    const after = inDanish(kioskLine(kiosks, 'Ole Låner', 'after'));
    expect(after).toBe(
      'Hent skærmen KBH-0001 hos Ole Låner: lånet er slut, og skærmen slettes på afstand. Hent skærmen KBH-0777 hos Ole Låner: lånet er slut. Skærmen er ikke tilmeldt, så der er intet på den at slette.',
    );
    expect(kioskLine(kiosksLentTo([kiosk('KBH-0002', 'enrolled', null)], OLE), 'Ole Låner')).toBeUndefined();
  });
});

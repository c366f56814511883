import { createServer, type Server } from 'node:http';
import {
  createSimulatedBoard,
  type LedPattern,
  ledPatterns,
  type SimulatedBoard,
} from '@screenvisit/hardware';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from '../../test-support/requirements.js';
import { DEV_CONTROL_PAGE } from '../src/dev-control-page.js';
import type { KioskScreenModel } from '../src/kiosk-screen.js';
import { screenView } from '../src/screen/screen-view.js';

/**
 * The simulated kiosk's page in Chromium, as a person reads it, against a /state built the way dev-control.ts
 * builds it (a real simulated board's snapshot, the glass from screenView), and with every POST recorded.
 */
const rest: KioskScreenModel = {
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
  now: '2026-12-06T10:00:00.000Z',
};

describe.skipIf(!hasChromium())('the simulated kiosk page in a browser', () => {
  let board: SimulatedBoard;
  let kiosk: KioskScreenModel = rest;
  let video: { framesSent: number; framesReceived: number } | null = null;
  const posts: { path: string; header: string | undefined }[] = [];
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    board = createSimulatedBoard();
    await board.screen.setPower(true);
    server = createServer((req, res) => {
      if (req.method === 'POST') {
        posts.push({ path: req.url ?? '', header: req.headers['x-dev-control'] as string | undefined });
        return res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
      if (req.url === '/state') {
        const state = {
          state: kiosk.mode,
          deviceId: 'demo-kiosk',
          kiosk,
          glass: screenView(kiosk, { now: Date.parse(kiosk.now) }),
          hardware: board.snapshot(),
          video,
        };
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state));
      }
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(DEV_CONTROL_PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await board?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A row's Danish text (without the English) and its English beside it. */
  const row = (id: string) =>
    page.locator(`#${id}`).evaluate((dd) => ({
      da: [...dd.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('')
        .trim(),
      en: dd.querySelector('[lang="en"]')?.textContent ?? null,
    }));

  const lamp: Record<LedPattern, { da: string; en: string }> = {
    off: { da: 'slukket', en: '(off)' },
    on: { da: 'lyser', en: '(on)' },
    'blink-slow': { da: 'blinker langsomt', en: '(blinking slowly)' },
    'blink-fast': { da: 'blinker hurtigt', en: '(blinking fast)' },
  };

  it.each(ledPatterns)('names the lamp state %s in Danish, with the English beside it', async (pattern) => {
    await board.leds.status.set(pattern);
    await board.leds.nightWatch.set(pattern);
    await expect.poll(() => row('hw-led-status')).toEqual(lamp[pattern]);
    expect(await row('hw-led-night')).toEqual(lamp[pattern]);
  });

  it('names the screen, the speaker and the kiosk’s mode in Danish, with the English beside it', async () => {
    await board.screen.setBrightness(60);
    await board.speaker.play('ring');
    await expect
      .poll(() => row('hw-screen'))
      .toEqual({ da: 'tændt, lysstyrke 60 %', en: '(on, brightness 60%)' });
    expect(await row('hw-speaker')).toEqual({ da: 'ringer, lydstyrke 80 %', en: '(ringing, volume 80%)' });
    await board.speaker.play('ringback');
    await expect
      .poll(() => row('hw-speaker'))
      .toEqual({
        da: 'ringer ud, venter på svar, lydstyrke 80 %',
        en: '(ringing out, waiting for an answer, volume 80%)',
      });
    await board.speaker.play('not-reached');
    await expect
      .poll(() => row('hw-speaker'))
      .toEqual({ da: 'tone: ingen blev nået, lydstyrke 80 %', en: '(tone: nobody was reached, volume 80%)' });
    await board.speaker.stop();
    await expect
      .poll(() => row('hw-speaker'))
      .toEqual({ da: 'stille, lydstyrke 80 %', en: '(quiet, volume 80%)' });
    expect(await row('mode')).toEqual({ da: 'hviler', en: '(at rest)' });
    expect(await row('online')).toEqual({ da: 'forbundet', en: '(connected)' });
  });

  it('has the glass’s Læg på as a button during a call, and pressing it touches the screen', async () => {
    const hangUp = page.getByRole('button', { name: 'Læg på' });
    expect(await hangUp.count()).toBe(0);
    kiosk = {
      ...rest,
      mode: 'in_call',
      callerName: 'Lars Poulsen',
      callStartedAt: Date.parse(rest.now) - 5_000,
    };
    await hangUp.waitFor({ timeout: 5_000 });
    posts.length = 0;
    await hangUp.click();
    await expect.poll(() => posts).toEqual([{ path: '/touch', header: '1' }]);
    kiosk = rest;
    await expect.poll(() => hangUp.count()).toBe(0);
  });

  it('counts the call’s video frames both ways, since the page cannot show the video', async () => {
    await expect.poll(() => row('hw-video')).toEqual({ da: 'ingen video lige nu', en: '(no video now)' });
    video = { framesSent: 120, framesReceived: 95 };
    await expect
      .poll(() => row('hw-video'))
      .toEqual({ da: 'sender 120 billeder, modtager 95', en: '(sending 120 frames, receiving 95)' });
    video = null;
    await expect.poll(() => row('hw-video')).toEqual({ da: 'ingen video lige nu', en: '(no video now)' });
  });
});

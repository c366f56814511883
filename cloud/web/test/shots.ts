import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Screenshots for a person to LOOK at (SV_SCREENSHOTS=<dir>); nothing is written without it. */
export async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SV_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

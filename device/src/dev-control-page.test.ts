import { describe, expect, it } from 'vitest';
import { DEV_CONTROL_PAGE } from './dev-control-page.js';

describe('the simulated kiosk control page', () => {
  it('declares an icon that needs no request, so the browser does not ask the control server for /favicon.ico', () => {
    const icons = [...DEV_CONTROL_PAGE.matchAll(/<link\s+rel="icon"\s+href="([^"]*)"/g)].map((m) => m[1]);
    expect(icons).toEqual(['data:,']);
  });
});

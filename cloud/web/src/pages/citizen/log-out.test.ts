import { describe, expect, it } from 'vitest';
import { logOutHere } from './log-out.js';

describe('logging out on a shared or borrowed device', () => {
  it('asks the cloud first, then drops the browser’s push subscription so the device is not woken for her', async () => {
    const steps: string[] = [];
    await logOutHere({
      logOutOnCloud: async () => {
        steps.push('cloud');
      },
      pushSubscription: async () => ({
        unsubscribe: async () => {
          steps.push('unsubscribe');
          return true;
        },
      }),
    });
    expect(steps).toEqual(['cloud', 'unsubscribe']);
  });

  it('keeps the subscription and fails when the cloud did not log her out, so the page can say so', async () => {
    const steps: string[] = [];
    await expect(
      logOutHere({
        logOutOnCloud: () => Promise.reject(new Error('offline')),
        pushSubscription: async () => ({
          unsubscribe: async () => {
            steps.push('unsubscribe');
            return true;
          },
        }),
      }),
    ).rejects.toThrow('offline');
    expect(steps).toEqual([]);
  });

  it('is logged out even where the browser has no push subscription or cannot drop it', async () => {
    await expect(
      logOutHere({ logOutOnCloud: async () => undefined, pushSubscription: async () => null }),
    ).resolves.toBeUndefined();
    await expect(
      logOutHere({
        logOutOnCloud: async () => undefined,
        pushSubscription: async () => ({ unsubscribe: () => Promise.reject(new Error('gone')) }),
      }),
    ).resolves.toBeUndefined();
  });
});

import { IN_FLIGHT_SLICE_MS } from '../../src/auth/throttle/login-throttle.js';

/**
 * For tests only: waits until a burst of login attempts can start well inside one of the throttle's in-flight
 * slices. A burst that straddles a slice's end may be refused one attempt more than the policy's count (never
 * let through one more), so a test that counts a burst's outcomes exactly must not start it at random.
 */
export async function startOfInFlightSlice(room = 5_000): Promise<void> {
  const into = Date.now() % IN_FLIGHT_SLICE_MS;
  if (into <= IN_FLIGHT_SLICE_MS - room) return;
  await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_SLICE_MS - into + 50));
}

import type { LoginResult } from './citizen-api.js';

/** Where the citizen is: the cloud decides (bound or not, which factor), this only follows its answers. */
export type Step =
  | { kind: 'loading' }
  /** `worked`: the code has just worked and "Gå videre" is all that is left on the page. */
  | { kind: 'activate'; worked: boolean }
  | { kind: 'factor'; needs: 'pin' | 'totp' }
  | { kind: 'home'; csrfToken: string | undefined }
  /** She logged this device out ("Log ud"): it is unbound, and only a new code brings her page back. */
  | { kind: 'loggedOut' };

export function next(result: LoginResult): Step {
  if (result.sessionStarted) return { kind: 'home', csrfToken: result.csrfToken };
  return result.needs ? { kind: 'factor', needs: result.needs } : { kind: 'activate', worked: false };
}

/**
 * The page's heading and the line under it. Once the code has worked the page reads as done: "Skriv din kode"
 * and "Skriv koden her." above "Tak. Din kode virker." told the citizen to type a code that was already spent
 * (borger.md: "Koden virker kun én gang").
 */
export function pageText(step: Step): {
  title: 'title' | 'activated.title' | 'home.title' | 'loggedOut.title';
  intro: 'intro' | null;
} {
  if (step.kind === 'home') return { title: 'home.title', intro: null };
  if (step.kind === 'loggedOut') return { title: 'loggedOut.title', intro: null };
  if (step.kind === 'activate')
    return step.worked ? { title: 'activated.title', intro: null } : { title: 'title', intro: 'intro' };
  // While it logs in, the heading the code form will have (most pages that log in end there; the browser
  // suites read the first heading they find).
  if (step.kind === 'loading') return { title: 'title', intro: null };
  // Asking for the PIN or the app's code: the page's name, as at home. "Skriv din kode" above "Skriv din
  // pinkode" asked for two different codes on one screen.
  return { title: 'home.title', intro: null };
}

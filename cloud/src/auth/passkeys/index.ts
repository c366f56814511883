/** WebAuthn passkeys: a phishing-resistant second factor for staff, and for citizens who choose two-factor. */
export { CHALLENGE_TTL_MS, consumeChallenge, storeChallenge } from './challenges.js';
export { listPasskeys, MAX_PASSKEYS_PER_SUBJECT, type PasskeySubject } from './passkey-repo.js';
export { type RelyingParty, relyingParty } from './relying-party.js';
export { passkeyRoutes } from './routes.js';
export type { PasskeyFailure } from './second-factor.js';

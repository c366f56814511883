import { z } from '@hono/zod-openapi';

/**
 * The JSON forms of WebAuthn credentials (W3C WebAuthn Level 3 §5.1: RegistrationResponseJSON,
 * AuthenticationResponseJSON), bounded so that nothing oversized reaches the CBOR and signature parsers.
 */
const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');

const Transport = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const ClientExtensionResults = z.record(z.string(), z.unknown()).default({});
const Attachment = z.enum(['platform', 'cross-platform']).optional();

export const RegistrationResponse = z
  .object({
    id: b64url(1400),
    rawId: b64url(1400),
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: b64url(4096),
      attestationObject: b64url(16_384),
      authenticatorData: b64url(8192).optional(),
      transports: z.array(Transport).max(8).optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: b64url(4096).optional(),
    }),
    clientExtensionResults: ClientExtensionResults,
    authenticatorAttachment: Attachment,
  })
  .openapi('PasskeyRegistrationResponse');

export const AuthenticationResponse = z
  .object({
    id: b64url(1400),
    rawId: b64url(1400),
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: b64url(4096),
      authenticatorData: b64url(8192),
      signature: b64url(2048),
      userHandle: b64url(128).optional(),
    }),
    clientExtensionResults: ClientExtensionResults,
    authenticatorAttachment: Attachment,
  })
  .openapi('PasskeyAuthenticationResponse');

export const RegisterPasskeyRequest = z
  .object({
    /** The person's own label, to tell their passkeys apart when removing one. */
    name: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[^\p{Cc}]+$/u, 'no control characters'),
    response: RegistrationResponse,
  })
  .openapi('RegisterPasskeyRequest');

export const VerifyPasskeyRequest = z
  .object({ response: AuthenticationResponse })
  .openapi('VerifyPasskeyRequest');

/** Options for navigator.credentials.create/get, as JSON (`PublicKeyCredential.parse*OptionsFromJSON`). */
export const CeremonyOptions = z
  .looseObject({ challenge: z.string(), timeout: z.number().optional() })
  .openapi('WebAuthnCeremonyOptions');

export const Passkey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    transports: z.array(z.string()),
    backedUp: z.boolean(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .openapi('Passkey');

export const PasskeyList = z.object({ passkeys: z.array(Passkey) }).openapi('PasskeyList');

export const SecondFactorDone = z
  .object({ stage: z.literal('full'), csrfToken: z.string() })
  .openapi('SecondFactorDone');

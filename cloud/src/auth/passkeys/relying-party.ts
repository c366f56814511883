import type { CloudConfig } from '../../kernel/config.js';
import { StartupError } from '../../kernel/errors.js';

export interface RelyingParty {
  readonly id: string;
  readonly name: string;
  readonly origin: string;
}

type RpConfig = Pick<CloudConfig, 'WEBAUTHN_RP_ID' | 'WEBAUTHN_ORIGIN' | 'PUBLIC_URL' | 'PORT'>;

/**
 * Who we are to authenticators. The RP id scopes every credential (WebAuthn §5.1.4.1: browsers refuse an
 * rpId that is not the page's host or a registrable suffix of it) and is what makes passkeys phishing
 * resistant; the origin is checked again on our side against clientDataJSON (§7.1 step 9, §7.2 step 13).
 */
export function relyingParty(config: RpConfig): RelyingParty {
  const id = config.WEBAUTHN_RP_ID.toLowerCase();
  const origin = new URL(config.WEBAUTHN_ORIGIN ?? config.PUBLIC_URL ?? `http://localhost:${config.PORT}`)
    .origin;
  const host = new URL(origin).hostname;
  if (host !== id && !host.endsWith(`.${id}`)) {
    throw new StartupError(
      `WEBAUTHN_RP_ID (${id}) must be the host of WEBAUTHN_ORIGIN (${host}) or a parent domain of it; ` +
        'otherwise no browser will create or use a passkey. Fix one of them and start again.',
    );
  }
  return { id, name: 'ScreenVisit', origin };
}

import type { Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { isDanishMobile } from '../../shared/danish-mobile.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { type Channel, type Issued, issueCode, letterUrl } from './citizens-api.js';
import { ActionError, TextField, UserMessage, useAction } from './parts.js';

const CHANNELS: readonly Channel[] = ['letter', 'sms', 'digital_post'];

/**
 * Issue an activation code from the citizen's page (issue 12 §1): by letter (a PDF the browser prints), SMS or
 * Digital Post, never e-mail. The plain code exists only in the letter or the message; the phone number or
 * Digital Post reference is used for this one sending and not stored (cloud/src/citizens/schemas.ts).
 */
export function ActivationPanel(props: {
  csrfToken: string;
  citizenId: string;
  name: string;
  /** The heading, for the card to bring support here (after revoking a lost phone: OwnDevicesPanel). */
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  const [channel, setChannel] = useState<Channel>('letter');
  const [phone, setPhone] = useState('');
  const [recipient, setRecipient] = useState('');
  const [issued, setIssued] = useState<{ result: Issued; url: string | null } | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => () => void (issued?.url && URL.revokeObjectURL(issued.url)), [issued?.url]);

  const send = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      if (channel === 'sms' && !isDanishMobile(phone)) throw new UserMessage('code.phoneInvalid');
      if (channel === 'digital_post' && !/^[A-Za-z0-9-]{4,64}$/.test(recipient.trim()))
        throw new UserMessage('code.recipientInvalid');
      const result = await issueCode(
        props.csrfToken,
        props.citizenId,
        channel === 'letter'
          ? { channel }
          : channel === 'sms'
            ? { channel, phone: phone.trim() }
            : { channel, recipientRef: recipient.trim() },
      );
      setIssued({ result, url: result.letterPdfBase64 ? letterUrl(result.letterPdfBase64) : null });
    });
  };
  const expires = issued ? municipal(issued.result.expiresAt, { dateStyle: 'long', timeStyle: 'short' }) : '';
  return (
    <form onSubmit={send} aria-labelledby="code-heading">
      <h3 id="code-heading" ref={props.headingRef} tabIndex={-1}>
        <Icon name="lock" /> {t('code.heading', { name: props.name })}
      </h3>
      <p class="hint">{t('code.intro')}</p>
      <fieldset class="choice">
        <legend>{t('code.channel')}</legend>
        {CHANNELS.map((c) => (
          <div class="check-field" key={c}>
            <input
              type="radio"
              id={`code-${c}`}
              name="code-channel"
              checked={channel === c}
              onChange={() => setChannel(c)}
            />
            <label for={`code-${c}`}>{t(`code.${c}`)}</label>
          </div>
        ))}
      </fieldset>
      {channel === 'sms' && (
        <TextField
          id="code-phone"
          type="tel"
          label={t('code.phone')}
          hint={t('code.phoneHint')}
          value={phone}
          onInput={setPhone}
        />
      )}
      {channel === 'digital_post' && (
        <TextField
          id="code-recipient"
          label={t('code.recipient')}
          hint={t('code.recipientHint')}
          value={recipient}
          onInput={setRecipient}
        />
      )}
      <button type="submit" class="button" aria-disabled={busy}>
        <Icon name="arrowRight" /> {t(`code.send.${channel}`)}
      </button>
      <ActionError error={error} />
      {issued && !error && (
        <Notice kind="success">
          <p role="status" data-testid="code-issued">
            {t(`code.done.${issued.result.channel}`, { expires })}
          </p>
          {issued.url && (
            <p class="actions">
              {/* The browser's PDF viewer prints it; the code is in the letter only, so print it now. */}
              <a class="button" href={issued.url} target="_blank" rel="noopener">
                <Icon name="book" /> {t('code.openLetter')}
              </a>
              <a
                class="button button-secondary"
                href={issued.url}
                download={`aktiveringsbrev-${props.citizenId.slice(0, 8)}.pdf`}
              >
                <Icon name="arrowRight" /> {t('code.downloadLetter')}
              </a>
            </p>
          )}
        </Notice>
      )}
    </form>
  );
}

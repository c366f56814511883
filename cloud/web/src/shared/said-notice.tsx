import { useI18n } from './i18n-context.js';
import { Notice } from './notice.js';
import { type Said, sayText } from './said.js';

/** The page's way to put a Said into words, in the language chosen now. */
export function useSay(): (message: Said) => string {
  const { t, language } = useI18n();
  return (message) => sayText(message, t, language, t('time.zone'));
}

/** An action's answer, spoken politely once (role="status") and translated on every render. */
export function SaidNotice(props: { said: Said | null }) {
  const say = useSay();
  if (!props.said) return null;
  return (
    <Notice kind="success">
      <p role="status">{say(props.said)}</p>
    </Notice>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { citizenDistinction } from '../../shared/people-api.js';
import { type CitizenChoice, findCitizens } from './devices-api.js';
import { type EnterChoice, enterChoice, rankMatches } from './lend-search.js';

/**
 * Find a citizen by name and pick one (the lend dialog). It asks the devices feature's own small search
 * (GET /api/devices/citizens); each match is a button named "Lend the kiosk to <name> (<units>)", so nobody
 * types an id and two citizens with the same name are told apart by their units (and, if need be, their ref).
 * Enter in the field lends to the one citizen meant (lend-search.ts: the only match, or the only one whose name
 * begins with the typed words): with 40 to lend, the hand stays on the keyboard (name, Enter). Between two such
 * matches Enter never guesses, and says so instead of doing nothing.
 */
export function CitizenPicker(props: {
  busy: boolean;
  onPick: (citizen: CitizenChoice) => void;
  /** The button's words for one match (default "Lån skærmen til <name>"); the list's panel names the kiosk. */
  pickText?: (name: string) => string;
  /** Focus the field when shown: the list's panel remounts it after each lend, ready for the next name. */
  focus?: boolean;
}) {
  const { t } = useI18n();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.focus) field.current?.focus();
  }, [props.focus]);
  const [query, setQuery] = useState('');
  // The matches with the words they answer: Enter lends only when they answer what the field says now, never
  // to the one match of "Poul" after "Poul H" was typed and its answer is still on the way.
  const [found, setFound] = useState<{ query: string; citizens: CitizenChoice[] } | null>(null);
  const matches = found ? rankMatches(found.query, found.citizens) : null;
  // What the last Enter did not do, said under the field (it did nothing at all before: walk of 40 loans).
  const [unsaid, setUnsaid] = useState<Exclude<EnterChoice, { kind: 'lend' }> | null>(null);
  useEffect(() => {
    const words = query.trim();
    if (words.length < 2) {
      setFound(null);
      return;
    }
    const abort = new AbortController();
    // A short pause so each keystroke does not become a request.
    const timer = setTimeout(() => {
      findCitizens(words, abort.signal).then(
        (citizens) => setFound({ query: words, citizens }),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [query]);
  return (
    <div class="citizen-picker">
      <div class="field">
        <label for="lend-search">{t('lend.search')}</label>
        <p id="lend-search-hint" class="hint">
          {t('lend.hint')}
        </p>
        <input
          ref={field}
          id="lend-search"
          type="search"
          autocomplete="off"
          value={query}
          aria-describedby="lend-search-hint"
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setUnsaid(null);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            // Only on the answer to what the field says now, never the one match of "Poul" after "Poul H".
            if (found?.query !== query.trim() || props.busy) return;
            const choice = enterChoice(found.query, found.citizens);
            if (choice.kind === 'lend') props.onPick(choice.citizen);
            else setUnsaid(choice);
          }}
        />
      </div>
      <div aria-live="polite">
        {matches?.length === 0 && <p>{t('lend.noMatch')}</p>}
        {unsaid?.kind === 'several' && <p>{t('lend.enterSeveral', { query: query.trim() })}</p>}
        {unsaid?.kind === 'has_device' && (
          <p>
            {t('lend.enterHasDevice', {
              name: unsaid.citizen.displayName,
              label: unsaid.citizen.deviceLabel ?? '',
            })}
          </p>
        )}
        {matches && matches.length > 0 && (
          <ul class="choice-list">
            {matches.map((c) => {
              const name = `${c.displayName} (${citizenDistinction(c, matches, t)})`;
              return (
                <li key={c.id}>
                  <button
                    type="button"
                    class="button button-secondary"
                    disabled={props.busy || c.deviceLabel !== null}
                    onClick={() => props.onPick(c)}
                  >
                    <Icon name="user" />{' '}
                    {c.deviceLabel
                      ? t('lend.hasDevice', { name, label: c.deviceLabel })
                      : (props.pickText?.(name) ?? t('lend.to', { name }))}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { citizenDistinction } from '../../shared/people-api.js';
import { type CitizenChoice, findCitizens } from './devices-api.js';

/**
 * Find a citizen by name and pick one (the lend dialog). It asks the devices feature's own small search
 * (GET /api/devices/citizens); each match is a button named "Lend the kiosk to <name> (<units>)", so nobody
 * types an id and two citizens with the same name are told apart by their units (and, if need be, their ref).
 */
export function CitizenPicker(props: { busy: boolean; onPick: (citizen: CitizenChoice) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<CitizenChoice[] | null>(null);
  useEffect(() => {
    if (query.trim().length < 2) {
      setMatches(null);
      return;
    }
    const abort = new AbortController();
    // A short pause so each keystroke does not become a request.
    const timer = setTimeout(() => {
      findCitizens(query.trim(), abort.signal).then(setMatches, () => undefined);
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
          id="lend-search"
          type="search"
          autocomplete="off"
          value={query}
          aria-describedby="lend-search-hint"
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </div>
      <div aria-live="polite">
        {matches?.length === 0 && <p>{t('lend.noMatch')}</p>}
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
                      : t('lend.to', { name })}
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

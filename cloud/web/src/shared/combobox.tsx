import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from './api.js';
import { useI18n } from './i18n-context.js';

export interface ComboHit {
  readonly id: string;
  readonly label: string;
  /** Shown after the name in the list and read out with it (username, "online nu"). */
  readonly detail?: string;
}

/** How long typing must pause before a search is sent (one request per pause, not per key). */
const SEARCH_PAUSE_MS = 200;

/**
 * Choose a person (or anything) by name instead of typing an id: the WAI-ARIA 1.2 combobox pattern with a
 * listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/).
 * Arrow keys move through the options (aria-activedescendant keeps focus in the input), Enter chooses,
 * Escape closes; the number of hits is announced in a polite live region. Every option is a 44 px target.
 */
export function Combobox(props: {
  id: string;
  label: string;
  value: ComboHit | null;
  onChange: (hit: ComboHit | null) => void;
  search: (query: string, signal: AbortSignal) => Promise<ComboHit[]>;
  required?: boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(props.value?.label ?? '');
  const [open, setOpen] = useState(false);
  const [hits, setHits] = useState<ComboHit[] | null>(null);
  const [active, setActive] = useState(-1);
  const [problem, setProblem] = useState<string | null>(null);
  const searchRef = useRef(props.search);
  searchRef.current = props.search;
  const listId = `${props.id}-list`;
  const hintId = `${props.id}-hint`;

  // The box shows a chosen name; a choice let go BY TYPING keeps what was typed (it emptied the box, and the
  // person's letters were lost), while the page clearing the choice clears the box.
  const typing = useRef(false);
  useEffect(() => {
    const keepTyped = typing.current && !props.value;
    typing.current = false;
    if (!keepTyped) setText(props.value?.label ?? '');
  }, [props.value?.id]);

  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    setHits(null);
    const timer = window.setTimeout(() => {
      searchRef.current(text.trim(), abort.signal).then(
        (found) => {
          setHits(found);
          setActive(found.length > 0 ? 0 : -1);
          setProblem(null);
        },
        (e) => !abort.signal.aborted && setProblem(errorMessage(e, t)),
      );
    }, SEARCH_PAUSE_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [open, text]);

  const choose = (hit: ComboHit) => {
    props.onChange(hit);
    setText(hit.label);
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const count = hits?.length ?? 0;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else if (count) setActive((active + 1) % count);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (count) setActive((active - 1 + count) % count);
    } else if (e.key === 'Enter' && open) {
      const hit = hits?.[active];
      if (hit) {
        e.preventDefault();
        choose(hit);
      }
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };
  const status =
    problem ??
    (!open
      ? ''
      : hits === null
        ? t('combo.searching')
        : hits.length === 0
          ? t('combo.none')
          : t('combo.found', { count: hits.length }));

  return (
    <div class="field combo">
      <label for={props.id}>{props.label}</label>
      <p id={hintId} class="hint">
        {props.value
          ? t('combo.chosen', {
              name: props.value.detail ? `${props.value.label} (${props.value.detail})` : props.value.label,
            })
          : t('combo.hint')}
      </p>
      <input
        id={props.id}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-describedby={hintId}
        aria-required={props.required}
        aria-activedescendant={open && active >= 0 && hits?.[active] ? `${listId}-${active}` : undefined}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          typing.current = true;
          if (props.value) props.onChange(null);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        // A click on an option arrives after blur: let it land before the list closes.
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={props.label}
        class="combo-list"
        hidden={!open || !hits?.length}
      >
        {(hits ?? []).map((hit, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: APG combobox: focus stays in the input, which points here by aria-activedescendant
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keys (arrows, Enter, Escape) are handled on the input, as the pattern asks
          <div
            key={hit.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            class="combo-option"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(hit)}
          >
            <span class="combo-name">{hit.label}</span>
            {hit.detail && <span class="combo-detail"> · {hit.detail}</span>}
          </div>
        ))}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}

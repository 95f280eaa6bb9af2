import { html, render } from 'lit-html';
import { t } from '../i18n/i18n.js';
import { callJson, errorMessage } from './inbox-api.js';

/** `GET /api/users` and `GET /api/units`: the people and units the caller may pick (scoped by the server). */
export const DirectoryRoute = { users: '/api/users', units: '/api/units' } as const;

export interface PickerOption {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
}

export interface DirectoryPicker {
  readonly element: HTMLElement;
  readonly ids: () => readonly string[];
}

export interface DirectoryPickerOptions {
  readonly kind: 'users' | 'units';
  /** Several may be chosen (加签, 抄送); otherwise choosing replaces the choice (转办, 委派). */
  readonly multiple: boolean;
  readonly testId: string;
  readonly onChange: (ids: readonly string[]) => void;
}

function str(item: object, name: string): string {
  const value: unknown = Reflect.get(item, name);
  return typeof value === 'string' ? value : '';
}

/** An API row as an option: a user by display name with unit and username, a unit by its path. */
export function toOption(kind: DirectoryPickerOptions['kind'], item: unknown): PickerOption | undefined {
  if (typeof item !== 'object' || item === null || !str(item, 'id')) return undefined;
  if (kind === 'units') return { id: str(item, 'id'), label: str(item, 'path') || str(item, 'name'), detail: '' };
  const unit = str(item, 'unitPath') || str(item, 'unitName');
  return { id: str(item, 'id'), label: str(item, 'displayName') || str(item, 'username'), detail: [unit, str(item, 'username')].filter(Boolean).join(' · ') };
}

const DEBOUNCE_MS = 200;

/** A search box over the directory with the matches below it and the choice as removable chips. */
export function directoryPicker(options: DirectoryPickerOptions): DirectoryPicker {
  const element = document.createElement('div');
  element.className = 'zf-picker';
  element.dataset.testid = options.testId;
  let chosen: PickerOption[] = [];
  let results: readonly PickerOption[] | undefined;
  let failure = '';
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const changed = () => {
    options.onChange(chosen.map((c) => c.id));
    draw();
  };
  const choose = (option: PickerOption) => {
    chosen = options.multiple ? [...chosen.filter((c) => c.id !== option.id), option] : [option];
    changed();
  };
  const remove = (id: string) => {
    chosen = chosen.filter((c) => c.id !== id);
    changed();
  };
  const search = async (q: string) => {
    const mine = ++sequence;
    try {
      const rows = await callJson<unknown>(DirectoryRoute[options.kind], { query: { q: q.trim(), ...(options.kind === 'users' && { limit: '20' }) } });
      if (mine !== sequence) return;
      results = (Array.isArray(rows) ? rows : []).flatMap((row: unknown) => toOption(options.kind, row) ?? []);
      failure = '';
    } catch (error) {
      if (mine !== sequence) return;
      failure = errorMessage(error);
    }
    draw();
  };
  const onInput = (event: Event) => {
    const q = event.target instanceof HTMLInputElement ? event.target.value : '';
    clearTimeout(timer);
    timer = setTimeout(() => void search(q), DEBOUNCE_MS);
  };

  const draw = () => {
    const shown = (results ?? []).filter((r) => !chosen.some((c) => c.id === r.id));
    render(html`
      <div class="zf-picker-chosen" data-testid="picker-chosen" aria-label=${t('picker.chosen')}>${chosen.length === 0
        ? html`<span class="zf-muted">${t('picker.nothingChosen')}</span>`
        : chosen.map((c) => html`<span class="zf-chip" data-id=${c.id} title=${c.id}>${c.label}<button type="button"
            aria-label=${t('picker.remove', { name: c.label })} @click=${() => remove(c.id)}>×</button></span>`)}</div>
      <input type="search" data-testid="picker-search" autocomplete="off"
        placeholder=${options.kind === 'users' ? t('picker.search') : t('picker.searchUnits')} @input=${onInput}>
      ${failure ? html`<p class="zf-status zf-error">${failure}</p>` : ''}
      ${results === undefined ? html`<p class="zf-muted">${t('common.loading')}</p>`
        : shown.length === 0 ? html`<p class="zf-muted" data-testid="picker-none">${t('picker.none')}</p>`
        : html`<ul class="zf-picker-results" role="listbox">${shown.map((o) => html`<li><button type="button" role="option"
            data-testid="picker-option" data-id=${o.id} title=${o.id} @click=${() => choose(o)}>${o.label}
            ${o.detail ? html`<small class="zf-muted">${o.detail}</small>` : ''}</button></li>`)}</ul>`}`, element);
  };
  draw();
  void search('');
  return { element, ids: () => chosen.map((c) => c.id) };
}

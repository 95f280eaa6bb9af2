import './inbox.css';
import { html, render, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { navBar } from '../app/nav.js';
import { navigate, type Page } from '../app/router.js';
import type { UiKey } from '../i18n/en.js';
import { t } from '../i18n/i18n.js';
import { deadlineBadge } from './deadline-badge.js';
import { errorMessage } from './inbox-api.js';
import { InboxPath } from './inbox-routes.js';
import { filterAndSort, type InboxFilter, SortOrder } from './inbox-filter.js';
import { INBOX_VIEWS, InboxView, loadView, processNamesById, type InboxRow, type ViewResult } from './inbox-views.js';
import { openStartDialog } from './start-dialog.js';
import { stateLabel } from './state-label.js';

function viewOf(query: URLSearchParams): InboxView {
  const value = query.get('view');
  return INBOX_VIEWS.find((view) => view === value) ?? InboxView.todo;
}

const viewLabel: Readonly<Record<InboxView, UiKey>> = {
  todo: 'inbox.tab.todo', done: 'inbox.tab.done', started: 'inbox.tab.started', cc: 'inbox.tab.cc',
};

function rowLink(row: InboxRow): string {
  return row.taskId === undefined ? `${InboxPath.instance}${encodeURIComponent(row.instanceId)}` : `${InboxPath.task}${encodeURIComponent(row.taskId)}`;
}

function table(rows: readonly InboxRow[]): TemplateResult {
  if (rows.length === 0) return html`<p data-testid="inbox-empty">${t('inbox.empty')}</p>`;
  return html`<table class="zf-table" data-testid="inbox-table">
    <thead><tr><th>${t('inbox.col.name')}</th><th>${t('inbox.col.process')}</th><th>${t('inbox.col.unit')}</th>
      <th>${t('inbox.col.created')}</th><th>${t('inbox.col.due')}</th><th>${t('inbox.col.state')}</th></tr></thead>
    <tbody>${rows.map((row) => html`<tr data-testid="inbox-row" data-task-id=${row.taskId ?? ''} data-instance-id=${row.instanceId}>
      <td><a data-link href=${rowLink(row)} data-testid="inbox-open">${row.name}</a></td>
      <td>${row.processName}</td><td>${row.unit || '—'}</td>
      <td>${row.createdAt ? formatDateTime(row.createdAt) : '—'}</td>
      <td>${deadlineBadge(row.createdAt, row.dueAt, row.raw, row.completedAt ? Date.parse(row.completedAt) : Date.now(), row.taskId)}</td>
      <td>${row.assignee === null && row.state === 'open' ? t('inbox.state.claimable') : stateLabel(row.state)}</td>
    </tr>`)}</tbody>
  </table>`;
}

function options(values: readonly string[], selected: string): TemplateResult[] {
  return [...new Set(values)].filter(Boolean).sort().map((value) => html`<option value=${value} ?selected=${value === selected}>${value}</option>`);
}

export const inboxPage: Page = async (container, query) => {
  const view = viewOf(query);
  const filter: InboxFilter = { process: '', unit: '', sort: SortOrder.dueAsc };
  let result: ViewResult | undefined;
  let failure: string | undefined;
  const tabs = () => html`<div class="zf-tabs" role="tablist">${INBOX_VIEWS.map((v) => html`<button type="button" role="tab"
    class=${v === view ? 'zf-primary' : ''} aria-selected=${v === view} data-testid=${`inbox-tab-${v}`}
    @click=${() => navigate(`${InboxPath.inbox}?view=${v}`)}>${t(viewLabel[v])}</button>`)}</div>`;
  const body = (): TemplateResult => {
    if (failure !== undefined) return html`<p class="zf-status zf-error" role="alert">${failure}</p>`;
    if (!result) return html`<p>${t('common.loading')}</p>`;
    const all = result.rows;
    const update = (patch: Partial<InboxFilter>) => { Object.assign(filter, patch); draw(); };
    return html`<div class="zf-toolbar" data-testid="inbox-filters">
        <label>${t('inbox.filter.process')} <select data-testid="filter-process" @change=${(e: Event) => update({ process: selectValue(e) })}>
          <option value="">${t('inbox.filter.all')}</option>${options(all.map((r) => r.processName), filter.process)}</select></label>
        <label>${t('inbox.filter.unit')} <select data-testid="filter-unit" @change=${(e: Event) => update({ unit: selectValue(e) })}>
          <option value="">${t('inbox.filter.all')}</option>${options(all.map((r) => r.unit), filter.unit)}</select></label>
        <label>${t('inbox.sort')} <select data-testid="sort" @change=${(e: Event) => update({ sort: selectValue(e) === SortOrder.dueDesc ? SortOrder.dueDesc : selectValue(e) === SortOrder.createdDesc ? SortOrder.createdDesc : SortOrder.dueAsc })}>
          <option value=${SortOrder.dueAsc}>${t('inbox.sort.dueAsc')}</option>
          <option value=${SortOrder.dueDesc}>${t('inbox.sort.dueDesc')}</option>
          <option value=${SortOrder.createdDesc}>${t('inbox.sort.createdDesc')}</option></select></label>
      </div>${table(filterAndSort(all, filter))}`;
  };
  const draw = () => render(html`${navBar(InboxPath.inbox)}<main class="zf-inbox">
      <header class="zf-page-head"><h1>${t('inbox.heading')}</h1>
        <button type="button" class="zf-primary" data-testid="start-process" @click=${() => void openStartDialog()}>${t('inbox.start')}</button></header>
      ${tabs()}${body()}</main>`, container);
  draw();
  try {
    result = await loadView(view, await processNamesById());
  } catch (error) {
    failure = t('error.generic', { message: errorMessage(error) });
  }
  draw();
};

function selectValue(event: Event): string {
  return event.target instanceof HTMLSelectElement ? event.target.value : '';
}

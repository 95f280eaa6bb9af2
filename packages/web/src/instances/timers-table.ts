import { html, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { t } from '../i18n/i18n.js';
import { InboxPath } from '../inbox/inbox-routes.js';
import { stateLabel } from '../inbox/state-label.js';

/** A row of `GET /api/timers`. */
export interface TimerRow {
  readonly id: string;
  readonly processInstanceId: string | null;
  readonly activityId: string | null;
  readonly dueAt: string;
  readonly state: string;
}

export function timersTable(timers: readonly TimerRow[], names: ReadonlyMap<string, string>, withInstance = false): TemplateResult {
  if (timers.length === 0) return html`<p class="zf-muted" data-testid="timers-empty">${t('instance.noTimers')}</p>`;
  return html`<table class="zf-table zf-compact" data-testid="timers"><thead><tr>
      ${withInstance ? html`<th>${t('admin.instance')}</th>` : ''}<th>${t('instance.timerActivity')}</th><th>${t('inbox.col.due')}</th><th>${t('inbox.col.state')}</th></tr></thead>
    <tbody>${timers.map((timer) => html`<tr>
      ${withInstance ? html`<td>${timer.processInstanceId
        ? html`<a data-link href=${`${InboxPath.instance}${encodeURIComponent(timer.processInstanceId)}`}>${timer.processInstanceId}</a>` : '—'}</td>` : ''}
      <td>${timer.activityId ? (names.get(timer.activityId) ?? timer.activityId) : '—'}</td>
      <td>${formatDateTime(timer.dueAt)}</td><td>${stateLabel(timer.state)}</td></tr>`)}</tbody></table>`;
}

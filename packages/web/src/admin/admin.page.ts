import '../inbox/inbox.css';
import { ApiPath, type ProcessInstance } from '@zhifa/api-types';
import { html, render, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { navBar } from '../app/nav.js';
import type { Page } from '../app/router.js';
import { loadSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';
import { callJson, errorMessage, routeOf } from '../inbox/inbox-api.js';
import { InboxPath } from '../inbox/inbox-routes.js';
import { cancelInstance } from '../instances/cancel-dialog.js';
import { timersTable, type TimerRow } from '../instances/timers-table.js';
import { auditSection } from './audit-section.js';
import { stateLabel } from '../inbox/state-label.js';

interface Incident {
  readonly id: string;
  readonly processInstanceId: string;
  readonly activityId: string | null;
  readonly type: string;
  readonly message: string;
  readonly createdAt: string;
}

const STATES = ['', 'active', 'completed', 'terminated', 'cancelled'] as const;

interface AdminState {
  query: { state: string; key: string; businessKey: string };
  instances: readonly ProcessInstance[] | undefined;
  incidents: readonly Incident[] | string | undefined;
  timers: readonly TimerRow[] | string | undefined;
  message: string;
}

function instanceLink(id: string): TemplateResult {
  return html`<a data-link href=${`${InboxPath.instance}${encodeURIComponent(id)}`}>${id}</a>`;
}

export const adminPage: Page = async (container) => {
  const session = loadSession();
  if (!session?.user.roles.some((role) => role === 'admin' || role === 'auditor')) {
    render(html`${navBar(InboxPath.admin)}<main><p class="zf-status zf-error" data-testid="admin-forbidden">${t('admin.forbidden')}</p></main>`, container);
    return;
  }
  const admin = session.user.roles.includes('admin');
  const state: AdminState = { query: { state: '', key: '', businessKey: '' }, instances: undefined, incidents: undefined, timers: undefined, message: '' };
  const audit = auditSection();

  const search = async () => {
    try {
      state.instances = await callJson<readonly ProcessInstance[]>(ApiPath.processInstances, { query: state.query });
    } catch (error) {
      state.message = errorMessage(error);
    }
    draw();
  };
  const loadSide = async () => {
    [state.incidents, state.timers] = await Promise.all([
      callJson<readonly Incident[]>(ApiPath.incidents).catch((error: unknown) => errorMessage(error)),
      callJson<readonly TimerRow[]>(ApiPath.timers).catch((error: unknown) => errorMessage(error)),
    ]);
    draw();
  };
  const guarded = async (run: () => Promise<unknown>) => {
    state.message = '';
    try {
      await run();
      await Promise.all([search(), loadSide()]);
    } catch (error) {
      state.message = errorMessage(error);
      draw();
    }
  };
  const input = (name: 'key' | 'businessKey') => (e: Event) => { if (e.target instanceof HTMLInputElement) state.query[name] = e.target.value.trim(); };

  const instancesTable = (): TemplateResult => {
    if (!state.instances) return html``;
    if (state.instances.length === 0) return html`<p data-testid="admin-no-instances">${t('admin.noInstances')}</p>`;
    return html`<table class="zf-table" data-testid="admin-instances"><thead><tr><th>${t('admin.instance')}</th><th>${t('inbox.col.process')}</th>
      <th>${t('start.businessKey')}</th><th>${t('instance.state')}</th><th>${t('instance.started')}</th><th></th></tr></thead>
      <tbody>${state.instances.map((i) => html`<tr data-testid="admin-instance-row" data-instance-id=${i.id}>
        <td>${instanceLink(i.id)}</td><td>${i.definitionKey}</td><td>${i.businessKey ?? '—'}</td><td data-state=${i.state}>${stateLabel(i.state)}</td><td>${formatDateTime(i.startedAt)}</td>
        <td>${admin && i.state === 'active' ? html`<button type="button" data-testid="admin-cancel"
          @click=${() => void guarded(() => cancelInstance(i.id))}>${t('admin.cancel')}</button>` : ''}</td></tr>`)}</tbody></table>`;
  };
  const incidentsTable = (): TemplateResult => {
    if (state.incidents === undefined) return html`<p>${t('common.loading')}</p>`;
    if (typeof state.incidents === 'string') return html`<p class="zf-status zf-error">${state.incidents}</p>`;
    if (state.incidents.length === 0) return html`<p class="zf-muted" data-testid="admin-no-incidents">${t('admin.noIncidents')}</p>`;
    return html`<table class="zf-table" data-testid="admin-incidents"><tbody>${state.incidents.map((incident) => html`<tr>
      <td>${instanceLink(incident.processInstanceId)}</td><td>${incident.activityId ?? '—'}</td><td>${incident.type}</td>
      <td>${incident.message}</td><td>${formatDateTime(incident.createdAt)}</td>
      <td>${admin ? html`<button type="button" data-testid="admin-retry" @click=${() => void guarded(() =>
        callJson(routeOf(ApiPath.incidentRetry, { id: incident.id }), { method: 'POST' }))}>${t('admin.retry')}</button>` : ''}</td></tr>`)}</tbody></table>`;
  };

  const draw = () => render(html`${navBar(InboxPath.admin)}<main class="zf-admin" data-testid="admin-page">
    <h1>${t('admin.heading')}</h1>
    ${state.message ? html`<p class="zf-status zf-error" role="alert" data-testid="admin-message">${state.message}</p>` : ''}
    <h2>${t('admin.search')}</h2>
    <form class="zf-toolbar" data-testid="admin-search" @submit=${(e: Event) => { e.preventDefault(); void search(); }}>
      <label>${t('instance.state')} <select name="state" @change=${(e: Event) => { if (e.target instanceof HTMLSelectElement) state.query.state = e.target.value; }}>
        ${STATES.map((s) => html`<option value=${s} ?selected=${state.query.state === s}>${s ? stateLabel(s) : t('inbox.filter.all')}</option>`)}</select></label>
      <label>${t('admin.key')} <input name="key" .value=${state.query.key} @input=${input('key')}></label>
      <label>${t('start.businessKey')} <input name="businessKey" .value=${state.query.businessKey} @input=${input('businessKey')}></label>
      <button type="submit" class="zf-primary" data-testid="admin-search-submit">${t('admin.searchSubmit')}</button>
    </form>
    ${instancesTable()}
    <h2>${t('admin.incidents')}</h2>${incidentsTable()}
    <h2>${t('admin.timers')}</h2>${state.timers === undefined ? html`<p>${t('common.loading')}</p>`
      : typeof state.timers === 'string' ? html`<p class="zf-status zf-error">${state.timers}</p>`
      : timersTable(state.timers.filter((timer) => timer.state === 'pending'), new Map(), true)}
    <h2>${t('admin.audit')}</h2>${audit}
  </main>`, container);
  draw();
  await Promise.all([search(), loadSide()]);
};

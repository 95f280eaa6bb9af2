import { html, render, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { t } from '../i18n/i18n.js';
import { actionDialog, InputError } from '../inbox/action-dialog.js';
import { callJson, errorMessage, routeOf } from '../inbox/inbox-api.js';
import { loadPeople, person, type People } from './people.js';

/** The admin routes of 一案一码 (case codes): list per instance and revoke with a reason. */
export const CaseCodeRoute = {
  list: '/api/case-codes',
  revoke: '/api/case-codes/:id/revoke',
} as const;

export interface CaseCodeRow {
  readonly id: string;
  readonly decisionSummary: string;
  readonly issuedAt: string;
  readonly url: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

function str(item: object, name: string): string | null {
  const value: unknown = Reflect.get(item, name);
  return typeof value === 'string' ? value : null;
}

/** `{ items: [...] }` of `GET /api/case-codes?instanceId=` as rows; unknown shapes give none. */
export function toCaseCodes(body: unknown): CaseCodeRow[] {
  const items: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'items') : undefined;
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const id = str(item, 'id');
    if (!id) return [];
    return [{
      id, decisionSummary: str(item, 'decisionSummary') ?? '', issuedAt: str(item, 'issuedAt') ?? '', url: str(item, 'url'),
      revokedAt: str(item, 'revokedAt'), revokedBy: str(item, 'revokedBy'), revokeReason: str(item, 'revokeReason'),
    }];
  });
}

/** Asks for a reason and a confirmation, then revokes; resolves true once revoked. */
export function revokeCaseCode(id: string): Promise<boolean> {
  let reason = '';
  return actionDialog({
    title: t('caseCode.revokeTitle'), submitLabel: t('caseCode.revokeConfirm'), testId: 'revoke-dialog',
    build: (body) => { render(html`<p class="zf-status zf-error" data-testid="revoke-warning">${t('caseCode.revokeWarning')}</p>
      <label class="zf-field">${t('caseCode.revokeReason')}<textarea name="reason" rows="3" maxlength="500"
        @input=${(e: Event) => { reason = e.target instanceof HTMLTextAreaElement ? e.target.value : ''; }}></textarea></label>`, body); },
    submit: async () => {
      if (!reason.trim()) throw new InputError(t('op.required', { field: t('caseCode.revokeReason') }));
      await callJson(routeOf(CaseCodeRoute.revoke, { id }), { method: 'POST', body: { reason: reason.trim() } });
    },
  });
}

function rowView(code: CaseCodeRow, people: People, revoke: (id: string) => void): TemplateResult {
  const revoked = code.revokedAt !== null;
  return html`<tr data-testid="case-code-row" data-id=${code.id} data-state=${revoked ? 'revoked' : 'valid'}>
    <td>${code.decisionSummary || code.id}</td>
    <td>${code.issuedAt ? formatDateTime(code.issuedAt) : '—'}</td>
    <td data-testid="case-code-state">${revoked
      ? html`<strong>${t('caseCode.revoked')}</strong><div class="zf-muted">${formatDateTime(code.revokedAt ?? '')} · ${code.revokedBy ? person(code.revokedBy, people) : ''} · ${code.revokeReason ?? ''}</div>`
      : t('caseCode.valid')}</td>
    <td>${code.url ? html`<a href=${code.url} target="_blank" rel="noopener noreferrer" data-testid="case-code-link">${t('caseCode.open')}</a>` : ''}</td>
    <td>${revoked ? '' : html`<button type="button" data-testid="case-code-revoke" @click=${() => revoke(code.id)}>${t('caseCode.revoke')}</button>`}</td>
  </tr>`;
}

/**
 * 一案一码 of an instance with their state and a revoke button (admin routes: the caller must be an admin). The
 * names are reloaded with the codes, so who revoked one is shown by name right after.
 */
export function caseCodesSection(instanceId: string, initialPeople: People): HTMLElement {
  const host = document.createElement('div');
  host.dataset.testid = 'case-codes';
  let codes: readonly CaseCodeRow[] | undefined;
  let message = '';
  let people = initialPeople;
  const load = async () => {
    try {
      const [body, names] = await Promise.all([callJson<unknown>(CaseCodeRoute.list, { query: { instanceId } }), loadPeople(instanceId)]);
      codes = toCaseCodes(body);
      if (names.size > 0) people = names;
    } catch (error) {
      message = errorMessage(error);
    }
    draw();
  };
  const revoke = (id: string) => {
    void revokeCaseCode(id).then((done) => (done ? load() : undefined));
  };
  const draw = () => render(html`${message ? html`<p class="zf-status zf-error" role="alert">${message}</p>` : ''}
    ${codes === undefined ? html`<p>${t('common.loading')}</p>`
      : codes.length === 0 ? html`<p class="zf-muted" data-testid="case-codes-empty">${t('caseCode.none')}</p>`
      : html`<table class="zf-table zf-compact"><thead><tr><th></th><th>${t('caseCode.issued')}</th><th>${t('caseCode.status')}</th><th></th><th></th></tr></thead>
        <tbody>${codes.map((code) => rowView(code, people, revoke))}</tbody></table>`}`, host);
  draw();
  void load();
  return host;
}
